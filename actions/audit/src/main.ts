import { actionLogger, appendSummary, runAction, setOutputs } from '@opsguard/action-kit';
import { readSettings } from './settings.js';

/** Settings → the shared loop, read-only (tickets, optional issues) → ticket outputs, verify, job summary. */
export async function run(): Promise<void> {
  await runAction(async () => {
    const s = readSettings();
    const { auditRepository, auditSetupOf } = await import('@opsguard/engine');
    const { ticketJobSummary, verifyBundle, formatProblem } = await import('@opsguard/evidence');
    const setup = auditSetupOf(s, (line) => actionLogger.info(line));
    const result = await auditRepository({
      ...setup,
      policyFiles: { ...setup.policyFiles, auditRules: s.auditRules },
      // The audit only records: re-runs stay with the retry action, anomaly issues with detect.
      kind: 'tickets',
      apply: false,
      jobs: 'failed',
      ticketIssues: s.issues,
      // Taken when Chromium and playwright-core are there, skipped with a note otherwise.
      screenshot: { env: process.env },
    });
    const tickets = result.bundle.tickets;
    const verified = await verifyBundle(result.bundle.dir);
    for (const problem of verified.problems.slice(0, 20)) actionLogger.warn(`verify: ${formatProblem(problem)}`);
    setOutputs({
      tickets: tickets.length,
      critical: tickets.filter((t) => t.risk.level === 'critical').length,
      high: tickets.filter((t) => t.risk.level === 'high').length,
      'tickets-json': JSON.stringify(
        tickets.map((t) => ({
          id: t.id,
          risk: t.risk.level,
          rule: t.risk.rule,
          title: t.title,
          http: t.classification.http?.class ?? null,
          cause: t.classification.cause.name,
          occurrences: t.occurrences,
          issue: t.issue?.url ?? null,
        })),
      ),
      verified: verified.ok,
      'bundle-path': result.bundle.dir,
      'index-digest': result.bundle.indexSha256,
    });
    await appendSummary(ticketJobSummary(tickets, result.bundle.dir));
    const [first] = verified.problems;
    if (first) throw new Error(`the evidence bundle does not verify: ${formatProblem(first)}`);
  });
}
