import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { actionLogger, appendSummary, runAction, setOutputs } from '@opsguard/action-kit';
import { readSettings } from './settings.js';

/** Settings → plan (the default), apply exactly the reviewed plan, or the history → outputs and summary. */
export async function run(): Promise<void> {
  await runAction(async () => {
    const s = readSettings();
    // Loaded only after the inputs are valid: a bad input fails fast without loading the store.
    const engine = await import('@opsguard/engine');
    // Read and parsed before GitHub or the store is opened: a file that is no plan changes nothing.
    const plan =
      s.planFile === undefined ? undefined : await engine.readRollbackPlanFile(s.planFile, 'plan-file', s.planSha256);
    const report = await engine.runRollback(
      {
        repo: { owner: s.owner, repo: s.repo },
        token: s.token,
        env: s.runnerEnv,
        store: s.store,
        cwd: process.cwd(),
        killVariable: engine.killVariableSetting(s.killVariable, s.runnerEnv),
        rulesFile: s.rulesFile,
        timeBudgetMs: s.timeBudgetMs,
        forceAfterMs: s.forceAfterMs,
        actor: s.actor,
        hashField: 'plan-sha256',
        log: (line) => actionLogger.info(line),
      },
      s.command === 'plan'
        ? { command: 'plan', trigger: { condition: s.condition, detail: s.reason }, steps: s.steps }
        : s.command === 'apply'
          ? { command: 'apply', planHash: s.planSha256 ?? '', plan }
          : { command: 'history' },
    );
    let planFile = '';
    if (report.planned) {
      await mkdir(s.outDir, { recursive: true });
      planFile = join(s.outDir, engine.rollbackPlanFileName(report.planned.plan));
      await writeFile(planFile, engine.rollbackPlanFileText(report.planned));
    }
    const applied = report.applied;
    setOutputs({
      'plan-sha256': report.planned?.hash ?? applied?.hash ?? '',
      'plan-file': planFile || (s.planFile ?? ''),
      steps: JSON.stringify(applied?.steps ?? report.planned?.lines ?? []),
      result: applied?.status ?? '',
      'failed-step': applied?.failedStep?.id ?? '',
      'record-id': applied?.recordId ?? '',
    });
    await appendSummary(engine.rollbackSummary(report));
    if (applied?.failedStep)
      throw new Error(
        `rollback step ${applied.failedStep.id} failed: ${applied.failedStep.detail}; apply the same plan again to finish`,
      );
  });
}
