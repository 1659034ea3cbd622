import { actionLogger, appendSummary, runAction, setOutputs } from '@opsguard/action-kit';
import { readSettings } from './settings.js';
import { retrySummary } from './summary.js';

/** Settings → the retry engine (or the recovery handler) for one run → outputs and summary. */
export async function run(): Promise<void> {
  await runAction(async () => {
    const s = readSettings();
    const { createRuntime, githubIssueApi, handleRunEvent } = await import('@opsguard/engine');
    const { createIssueChannel, createSlackChannel } = await import('@opsguard/notify');
    const log = (line: string) => actionLogger.info(line);
    const repo = { owner: s.owner, repo: s.repo };
    const runtime = await createRuntime({
      repo,
      token: s.token,
      env: { ...process.env, ...s.store },
      cwd: process.cwd(),
      actor: s.actor,
      log,
      policyFiles: { retryPolicy: s.policy },
      retry: { maxAttempts: s.maxAttempts, shadow: s.shadow },
      killVariable: s.killVariable,
      secrets: s.slackWebhook ? [s.slackWebhook] : [],
    });
    try {
      const result = await handleRunEvent(
        {
          client: runtime.client,
          repo,
          store: runtime.store,
          guard: runtime.guard,
          limits: runtime.retryLimits,
          diagnose: runtime.diagnose,
          sanitize: runtime.sanitize,
          now: () => runtime.clock.now(),
          sleep: (ms, signal) => runtime.clock.sleep(ms, signal),
          random: runtime.random,
          dailyRerunBudget: s.dailyBudget,
          mode: runtime.retryPolicy.mode,
          // A run still finishing its last job: wait up to 3 × the first backoff, then give up for now.
          maxWaits: 3,
          actor: s.actor,
          log,
          channels: s.slackWebhook
            ? [
                createSlackChannel({
                  webhookUrl: s.slackWebhook,
                  now: () => runtime.clock.now().getTime(),
                  sleep: (ms) => runtime.clock.sleep(ms),
                }),
              ]
            : [],
          issues: createIssueChannel(githubIssueApi(runtime.client, repo)),
          outDir: s.outDir,
          timeZone: s.timeZone,
        },
        s.runId,
      );
      if (result.kind === 'decided') {
        const o = result.outcome;
        setOutputs({
          decision: o.decision,
          cause: o.cause,
          transient: o.transient,
          attempt: o.attempt,
          result: o.result ?? '',
        });
      } else if (result.kind === 'recovered') {
        setOutputs({
          decision: 'recovered',
          cause: 'recovered',
          transient: true,
          attempt: result.recovery.attempt,
          result: result.recovery.message,
        });
      } else {
        setOutputs({ decision: 'skip', cause: 'none', transient: false, attempt: result.attempt, result: '' });
      }
      await appendSummary(retrySummary(result));
    } finally {
      await runtime.close();
    }
  });
}
