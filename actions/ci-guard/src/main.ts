import { actionLogger, appendSummary, runAction, setOutputs } from '@opsguard/action-kit';
import { ciGuardVerdict, DEFAULT_CIRCUIT, parseKillVariable, type CiGuardCircuit } from '@opsguard/core';
import { readSettings } from './settings.js';

/** Settings → the switches and the circuit → the verdict → outputs, summary; a violation notifies and fails. */
export async function run(): Promise<void> {
  await runAction(async () => {
    const s = readSettings();
    const repo = `${s.owner}/${s.repo}`;
    const switches = parseKillVariable(s.killVariable?.value);
    let circuit: CiGuardCircuit | null = null;
    if (s.store) {
      // Only with a durable store: the allowed path without one loads no SDK at all.
      const { openStore } = await import('@opsguard/store');
      const store = await openStore(s.store, { cwd: process.cwd() });
      try {
        switches.push(...(await store.listKillSwitches()).filter((k) => k.active));
        const breaker = await store.getBreaker(`${repo}:workflow:${s.workflow}`);
        if (breaker)
          circuit = {
            state: breaker.state,
            openedAtMs: breaker.openedAt === null ? null : Date.parse(breaker.openedAt),
            openMs: DEFAULT_CIRCUIT.openMs,
          };
      } finally {
        await store.close();
      }
    }
    const subject = { repo, workflow: s.workflow, services: s.services, attempt: s.attempt };
    const verdict = ciGuardVerdict(subject, switches, { maxAttempts: s.maxAttempts }, circuit, Date.now());
    setOutputs({ allowed: verdict.allowed, violations: JSON.stringify(verdict.violations) });
    await appendSummary(
      [
        `### OpsGuard CI guard: ${verdict.allowed ? 'allowed' : 'STOPPED'}`,
        '',
        ...(verdict.allowed
          ? [
              `${s.workflow} attempt ${s.attempt}: no kill switch, within ${s.maxAttempts} attempts, circuit ${circuit?.state ?? 'not known'}.`,
            ]
          : verdict.violations.map((v) => `- **${v.kind}**: ${v.message}`)),
        ...(s.killVariable === null
          ? ['', 'OPSGUARD_KILL is not visible to this step: pass `kill-variable: ${{ vars.OPSGUARD_KILL }}`.']
          : []),
        ...(s.store === null
          ? ['', 'No store: the circuit is not checked (give supabase-url + supabase-key or database-url).']
          : []),
      ].join('\n'),
    );
    if (verdict.allowed) return;
    const { notifyCiGuardViolation } = await import('@opsguard/engine');
    const runId = process.env['GITHUB_RUN_ID'];
    const server = s.runnerEnv['GITHUB_SERVER_URL'] ?? 'https://github.com';
    await notifyCiGuardViolation(
      {
        repo: { owner: s.owner, repo: s.repo },
        workflow: s.workflow,
        runUrl: runId ? `${server}/${repo}/actions/runs/${runId}` : null,
        token: s.token,
        slackWebhook: s.slackWebhook,
        store: s.store ?? { kind: 'none' },
        env: s.runnerEnv,
        actor: s.actor,
        log: (line) => actionLogger.info(line),
      },
      verdict,
    ).catch((error: unknown) => actionLogger.warn(`CI guard notification not sent: ${String(error)}`));
    if (s.failJob) throw new Error(`CI guard: ${verdict.violations.map((v) => v.message).join('; ')}`);
  });
}
