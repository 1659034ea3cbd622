import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { actionLogger, appendSummary, runAction, setOutputs } from '@opsguard/action-kit';
import { parseBudgetAlert, parseShutdownPlan } from '@opsguard/core';
import { readSettings } from './settings.js';

/** Settings → plan (dry run, the default) or apply exactly a checked plan → outputs and summary. */
export async function run(): Promise<void> {
  await runAction(async () => {
    const s = readSettings();
    // Read and checked before AWS or the store is opened: an edited plan changes nothing.
    const plan = s.planFile === undefined ? undefined : parseShutdownPlan(await readFile(s.planFile, 'utf8'));
    const engine = await import('@opsguard/engine');
    const kill = s.killVariable;
    const runtime = await engine.openAwsCostRuntime({
      aws: {
        region: s.aws.region,
        ...(s.aws.endpoint !== undefined && {
          endpoint: s.aws.endpoint,
          credentials: { accessKeyId: 'AKIDSTANDIN', secretAccessKey: 'standin' },
        }),
      },
      store: s.store,
      cwd: process.cwd(),
      outDir: s.outDir,
      actor: s.actor,
      log: (line) => actionLogger.info(line),
      killVariable: kill && { source: kill.from, read: async () => kill.value },
      timeBudgetMs: s.timeBudgetMs,
    });
    try {
      if (s.mode === 'plan' && s.targets) {
        // An alert or the backstop's poll fires once per budget, period and threshold.
        const alerts =
          s.trigger === 'alert'
            ? [parseBudgetAlert(JSON.parse(s.budgetAlert ?? '{}'), new Date())]
            : s.trigger === 'poll'
              ? await engine.pollBudgetAlerts(runtime.deps.clients, s.accountId ?? '', s.budgetNames, new Date())
              : [];
        const alert = alerts.at(-1);
        let reason = s.reason;
        if (alert) {
          const claimed = await engine.respondOnce(
            runtime.store,
            alert,
            s.actor,
            () => new Date(),
            async () => ({ planned: true }),
          );
          if (!claimed.fired) {
            setOutputs({
              fire: false,
              'alert-key': claimed.key,
              'plan-file': '',
              'plan-sha256': '',
              'overall-success': '',
              result: '',
            });
            await appendSummary(
              `### OpsGuard AWS shutdown: not fired\n\nThe alert \`${claimed.key}\` was handled already.`,
            );
            return;
          }
          reason = claimed.key;
        } else if (s.trigger === 'poll') {
          setOutputs({
            fire: false,
            'alert-key': '',
            'plan-file': '',
            'plan-sha256': '',
            'overall-success': '',
            result: '',
          });
          await appendSummary('### OpsGuard AWS shutdown: not fired\n\nNo budget notification is in ALARM.');
          return;
        }
        const made = await engine.planShutdown(runtime.deps, {
          targets: s.targets,
          reason,
          options: { drainSeconds: s.drainSeconds, forceInstanceStore: s.forceInstanceStore },
        });
        await mkdir(s.outDir, { recursive: true });
        const file = join(s.outDir, 'plan.json');
        await writeFile(file, `${JSON.stringify(made, null, 2)}\n`);
        setOutputs({
          fire: true,
          'alert-key': alert ? reason : '',
          'plan-file': file,
          'plan-sha256': made.sha256,
          'overall-success': '',
          result: '',
        });
        await appendSummary(`${engine.planSummary(made)}\n\nDry run: nothing changed.`);
        return;
      }
      if (!plan) throw new Error('apply mode without a plan');
      const { result } = await engine.runShutdown(runtime.deps, plan, {
        evidenceDir: s.outDir,
        allowStale: s.allowStale,
        ...(s.topicArn === undefined ? {} : { topicArn: s.topicArn }),
      });
      setOutputs({
        'plan-file': s.planFile ?? '',
        'plan-sha256': plan.sha256,
        'overall-success': result.overall_success,
        result: JSON.stringify(result),
      });
      await appendSummary(engine.shutdownSummary(result));
      if (!result.overall_success)
        throw new Error('the shutdown finished with errors: see the job summary for each phase');
    } finally {
      await runtime.close();
    }
  });
}
