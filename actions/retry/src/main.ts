import { actionLogger, appendSummary, runAction, setOutputs } from '@opsguard/action-kit';
import { readSettings } from './settings.js';
import { retryOutputs, retrySummary } from './summary.js';

/** Settings → the retry engine (or the recovery handler) for one run → outputs and summary. */
export async function run(): Promise<void> {
  await runAction(async () => {
    const s = readSettings();
    const engine = await import('@opsguard/engine');
    const { guaranteesSummary } = await import('@opsguard/evidence');
    const log = (line: string) => actionLogger.info(line);
    const repo = { owner: s.owner, repo: s.repo };
    const runtime = await engine.createRuntime({
      repo,
      token: s.token,
      env: s.runnerEnv,
      store: s.store,
      cwd: process.cwd(),
      actor: s.actor,
      log,
      policyFiles: { retryPolicy: s.policy },
      retry: { maxAttempts: s.maxAttempts, shadow: s.shadow, profile: s.retryProfile },
      killVariable: engine.killVariableSetting(s.killVariable, s.runnerEnv),
      timeBudgetMs: s.timeBudgetMs,
      secrets: s.slackWebhook ? [s.slackWebhook] : [],
    });
    try {
      const startedAt = runtime.clock.now();
      const deps = engine.runEventDepsOf(runtime, {
        repo,
        actor: s.actor,
        log,
        dailyRerunBudget: s.dailyBudget,
        // A run still finishing its last job: wait up to 3 × the first backoff, then give up for now.
        maxWaits: 3,
        slackWebhook: s.slackWebhook,
        outDir: s.outDir,
        timeZone: s.timeZone,
      });
      const result = await engine.handleRunEvent(deps, s.runId).catch(async (error: unknown) => {
        // What could not be decided is in the audit trail and the bundle, with the reason.
        await engine.auditHandlerFailure(deps, s.runId, error, startedAt);
        await engine.appendAuditTrail(deps, startedAt).catch(() => null);
        throw error;
      });
      await engine.appendAuditTrail(deps, startedAt);
      setOutputs(retryOutputs(result));
      await appendSummary(`${retrySummary(result)}\n\n${guaranteesSummary(runtime.guarantees)}`);
      const problems = result.kind === 'decided' ? engine.actProblems([result.outcome]) : [];
      if (problems.length > 0) throw new Error(problems.map(engine.describeProblem).join('; '));
    } finally {
      await runtime.close();
    }
  });
}
