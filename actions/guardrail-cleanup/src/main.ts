import { actionLogger, appendSummary, runAction, setOutputs } from '@opsguard/action-kit';
import { readSettings } from './settings.js';

/** Reads settings → the TTL clean-up of the engine → outputs and the job summary. */
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
      if (!runtime.durable) {
        setOutputs({ 'total-found': 0, 'rolled-back': 0, failed: 0, result: JSON.stringify({ ran: false }) });
        await appendSummary(`### OpsGuard guardrail clean-up: not run\n\n${engine.STORELESS_NOTE}`);
        return;
      }
      const result = await engine.cleanupExpiredGuardrails(runtime.deps, {
        owner: settings.owner,
        hasTime: () => runtime.budget.spendableMs() > 0,
      });
      setOutputs({
        'total-found': result.total_found,
        'rolled-back': result.rolled_back,
        failed: result.failed,
        result: JSON.stringify(result),
      });
      await appendSummary(['### OpsGuard guardrail clean-up', '', ...engine.cleanupLines(result)].join('\n'));
      // A failed rollback is retried next run; a terminal one needs people: the step fails for both.
      if (result.failed > 0) throw new Error(`${result.failed} guardrail rollback(s) failed (see the summary)`);
    } finally {
      await runtime.close();
    }
  });
}
