import { actionLogger, appendSummary, runAction, setOutputs } from '@opsguard/action-kit';
import { readSettings } from './settings.js';

/** Reads settings → the engine's guardrail step (plan or apply) → outputs and the job summary. */
export async function run(): Promise<void> {
  await runAction(async () => {
    const settings = readSettings();
    // Loaded only after the inputs are valid: a bad input fails fast without loading AWS or the store.
    const engine = await import('@opsguard/engine');
    const variable = settings.killVariable;
    const runtime = await engine.openGuardrailRuntime({
      store: settings.store,
      cwd: process.cwd(),
      aws: {
        region: settings.aws.region,
        ...(settings.aws.endpoint !== undefined && {
          endpoint: settings.aws.endpoint,
          credentials: { accessKeyId: 'AKIDSTANDIN', secretAccessKey: 'standin' },
        }),
      },
      actor: settings.actor,
      log: (line) => actionLogger.info(line),
      slackWebhookUrl: settings.slackWebhook,
      killVariable: variable && { source: variable.from, read: async () => variable.value },
      timeBudgetMs: settings.timeBudgetMs,
    });
    try {
      const result = await engine.runGuardrailStep(runtime, {
        command: settings.command,
        alert: settings.alert,
        policiesPath: settings.policies,
        plan: settings.plan,
        planHash: settings.planHash,
        execute: settings.execute,
        oidcRoleArn: settings.oidcRoleArn,
        outDir: settings.outDir,
        timeZone: settings.timeZone,
        owner: settings.owner,
      });
      setOutputs({
        'plan-hash': result.planHash,
        'plan-file': result.planFile ?? '',
        'awaiting-approval': result.awaitingApproval,
        applied: JSON.stringify(result.applied),
        'bundle-path': result.bundlePath ?? '',
      });
      await appendSummary(result.summary);
      if (result.failed) throw new Error('a guardrail could not be applied (see the summary)');
    } finally {
      await runtime.close();
    }
  });
}
