import { describeRerunAct } from '@opsguard/core';
import type { AuditLoopResult, RetryOutcome } from '@opsguard/engine';
import { join, relative } from 'node:path';
import { duration, pct } from '@opsguard/evidence';
import { clip } from './format.js';

/** One retry decision on one line: what was done (or not), to which run, why. */
export function decisionLine(d: RetryOutcome): string {
  const label =
    d.act?.kind === 'requested'
      ? 'RE-RAN '
      : d.act?.kind === 'refused'
        ? 'REFUSED'
        : d.act?.kind === 'failed'
          ? 'FAILED '
          : d.decision === 'shadow'
            ? 'WOULD  '
            : 'LEFT   ';
  const kind = d.transient ? 'transient' : 'deterministic';
  const what = d.act === null ? d.reason : describeRerunAct(d.act);
  return `  ${label} #${d.runId} ${clip(d.workflowName, 18).padEnd(18)} attempt ${d.attempt}  ${d.cause} (${kind}) → ${what}`;
}

/** What the loop did, for a person: decisions with their evidence, KPIs, anomalies, where the files are. */
export function printAudit(result: AuditLoopResult, cwd: string, write: (line: string) => void): void {
  const handled = result.decisions.filter((d) => d.handled);
  const already = result.decisions.length - handled.length;
  write('');
  write(
    `Retry engine: ${handled.length} failed run(s) decided` +
      (already > 0 ? ` (${already} already decided earlier, by auto-retry or a previous audit)` : ''),
  );
  for (const d of handled) {
    write(decisionLine(d));
    const evidence = d.evidence[0];
    if (evidence !== undefined) write(`           evidence: ${clip(evidence, 110)}`);
  }
  const week = result.kpi.windows.find((w) => w.days === 7) ?? result.kpi.windows[0];
  if (week) {
    const k = week.overall;
    write('');
    write(`KPIs, last ${week.days} days (${k.runs} runs, ${k.attempts} attempts):`);
    write(`  success rate      ${pct(k.successRateByRun)} by run, ${pct(k.successRateByAttempt)} by attempt`);
    write(`  duration          p50 ${duration(k.durationMs.p50)}, p95 ${duration(k.durationMs.p95)}`);
    write(`  queue time        p50 ${duration(k.queueMs.p50)}, p95 ${duration(k.queueMs.p95)}`);
    write(`  MTTR (default)    ${duration(k.mttrMs)} over ${k.incidents} incident(s)`);
    write(`  auto-recovery     ${pct(k.autoRecoveryRate)} of ${k.autoReruns} OpsGuard re-run(s)`);
    const causes = Object.entries(k.failuresByCause).sort((a, b) => b[1] - a[1]);
    if (causes.length > 0) write(`  failures by cause ${causes.map(([c, n]) => `${c} ${n}`).join(', ')}`);
  }
  write('');
  write(`Anomalies: ${result.anomalies.length === 0 ? 'none' : ''}`);
  for (const a of result.anomalies) write(`  [${a.severity}] ${a.rule}: ${clip(a.message, 110)}`);
  if (result.left.length > 0) {
    const byReason = new Map<string, number>();
    for (const l of result.left) byReason.set(l.reason, (byReason.get(l.reason) ?? 0) + 1);
    write(`Left alone by the sweep: ${[...byReason].map(([r, n]) => `${r} ${n}`).join(', ')}`);
  }
  if (result.notified > 0 || result.resolved.length > 0)
    write(`Notifications: ${result.notified} delivered, ${result.resolved.length} resolved`);
  const requests = result.requests;
  write('');
  write(`GitHub API: ${requests.total} request(s)`);
  const dir = relative(cwd, result.bundle.dir) || '.';
  write(
    `Evidence bundle: ${dir}/ (${result.bundle.files.length} files, index sha256 ${result.bundle.indexSha256.slice(0, 12)}…)`,
  );
  write(`Dashboard:       ${join(dir, 'dashboard.html')}`);
  write(`Audit summary:   ${join(dir, 'AUDIT_SUMMARY.md')}`);
  const tickets = result.bundle.tickets;
  if (tickets.length > 0) {
    const by = (level: string) => tickets.filter((t) => t.risk.level === level).length;
    const issues = tickets.filter((t) => t.issue !== null).length;
    write(
      `Audit tickets:   ${join(dir, 'audit_tickets')}/ (${tickets.length}: ${by('critical')} critical, ${by('high')} high, ${by('medium')} medium, ${by('low')} low; ${issues} with a GitHub issue)`,
    );
    const worst = [...tickets].sort(
      (a, b) => RANK[a.risk.level] - RANK[b.risk.level] || b.occurrences - a.occurrences,
    )[0];
    if (worst)
      write(
        `  e.g. ${worst.id} [${worst.risk.level}, rule ${worst.risk.rule}] ${clip(worst.title, 60)} ×${worst.occurrences}`,
      );
  }
  if (result.bundle.screenshot) {
    write(
      result.bundle.screenshot.kind === 'written'
        ? `Screenshot:      ${join(dir, 'screenshots', 'dashboard.png')}`
        : `Screenshot:      skipped (${result.bundle.screenshot.reason})`,
    );
  }
}

const RANK = { critical: 0, high: 1, medium: 2, low: 3 } as const;
