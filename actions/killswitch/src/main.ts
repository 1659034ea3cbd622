import { actionLogger, appendSummary, runAction, setOutputs } from '@opsguard/action-kit';
import { readSettings } from './settings.js';

/** Settings → operate the kill switch (hold it, stop or restore, read back, notify) → outputs and summary. */
export async function run(): Promise<void> {
  await runAction(async () => {
    const s = readSettings();
    // Loaded only after the inputs are valid: a bad input fails fast without loading the store.
    const { killSwitchSummary, killVariableSetting, runKillSwitch, selfWorkflowPath } =
      await import('@opsguard/engine');
    const report = await runKillSwitch(
      {
        repo: { owner: s.owner, repo: s.repo },
        token: s.token,
        env: s.runnerEnv,
        store: s.store,
        cwd: process.cwd(),
        killVariable: killVariableSetting(s.killVariable, s.runnerEnv),
        rulesFile: s.rulesFile,
        slackWebhook: s.slackWebhook,
        timeBudgetMs: s.timeBudgetMs,
        log: (line) => actionLogger.info(line),
      },
      {
        command: s.command,
        scope: s.scope,
        target: s.target,
        reason: s.reason,
        actor: s.actor,
        stopRuns: s.stopRuns,
        restore: s.restore,
        forceAfterMs: s.forceAfterMs,
        verifyMs: s.verifyMs,
        self: selfWorkflowPath(s.workflowRef),
        dryRun: s.dryRun,
        ...(s.since ? { since: s.since } : {}),
        ...(s.scopeFilter ? { scopeFilter: s.scopeFilter } : {}),
      },
    );
    setOutputs({
      active: report.status.active.length > 0,
      state: JSON.stringify(report.status.active),
      verified: report.verified,
      'record-id': report.stop?.recordId ?? report.restore?.recordId ?? '',
      'not-stopped': JSON.stringify(report.stop?.notStopped ?? []),
      recovered: report.recovery ? report.recovery.ok : '',
    });
    await appendSummary(killSwitchSummary(report));
    if (!report.verified)
      throw new Error('the kill switch did not reach a safe state: see the job summary for what could not be stopped');
  });
}
