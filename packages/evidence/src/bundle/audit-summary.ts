import { describeRerunAct, type AuditTicket } from '@opsguard/core';
import { DocBuilder, docNumber, pointerKey, type GeneratedDocument } from '../docs/doc-builder.js';
import { isFailedConclusion, lastAttempts, runFigures, type RunFigures } from './audit-figures.js';
import type { AuditEntry, RetryManifestEntry, RunSummaryEntry } from './entries.js';

export interface AuditSummaryInput {
  readonly repo: string;
  readonly date: string;
  readonly timeZone: string;
  readonly window: { readonly from: string; readonly to: string };
  readonly runs: readonly RunSummaryEntry[];
  readonly retries: readonly RetryManifestEntry[];
  readonly audit: readonly AuditEntry[];
  readonly anomalies: readonly {
    readonly severity: string;
    readonly rule: string;
    readonly subject: string;
    readonly message: string;
  }[];
  /** The day's audit tickets (every ticket of the bundle). */
  readonly tickets: readonly AuditTicket[];
  /** What became of `screenshots/dashboard.png`; null when not attempted. */
  readonly screenshot?: { readonly kind: 'written' } | { readonly kind: 'skipped'; readonly reason: string } | null;
  readonly generatedAt: string;
  /** What this run could not collect or do. */
  readonly gaps?: readonly { readonly step: string; readonly reason: string }[];
  /** What the re-run sweep left alone, and why. */
  readonly left?: readonly {
    readonly runId: number;
    readonly workflowName: string;
    readonly reason: string;
    readonly detail: string;
  }[];
}

export const AUDIT_SUMMARY_JSON = 'AUDIT_SUMMARY.json';

/** AUDIT_SUMMARY.json: the figures AUDIT_SUMMARY.md states, the run ones recountable from RUNS_SUMMARY.json. */
export interface AuditSummaryData {
  readonly schemaVersion: 1;
  readonly repo: string;
  readonly date: string;
  readonly timeZone: string;
  readonly window: { readonly from: string; readonly to: string };
  readonly generatedAt: string;
  readonly figures: RunFigures & {
    readonly decisions: Readonly<Record<'total' | 'rerun' | 'shadow' | 'skip' | 'wait' | 'recovered', number>>;
    /** What acting did (what GitHub received is `sent`): a guard refusal is not a policy skip. */
    readonly acts: Readonly<Record<'sent' | 'refused' | 'failed', number>>;
    /** Refusals by the guard's reason. */
    readonly refusedBy: Readonly<Record<string, number>>;
    /** Failures the sweep left alone, by reason. */
    readonly left: Readonly<Record<string, number>>;
    readonly gaps: number;
    readonly guarded: Readonly<Record<string, number>> & { readonly total: number };
    readonly tickets: Readonly<Record<'total' | 'low' | 'medium' | 'high' | 'critical', number>>;
    readonly anomalies: number;
  };
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const link = (text: string, url: string) => `[${cell(text)}](${url})`;

export function auditSummaryData(input: AuditSummaryInput): AuditSummaryData {
  const decisions = { total: input.retries.length, rerun: 0, shadow: 0, skip: 0, wait: 0, recovered: 0 };
  for (const r of input.retries) decisions[r.decision]++;
  const acts = { sent: 0, refused: 0, failed: 0 };
  const refusedBy: Record<string, number> = {};
  for (const r of input.retries) {
    if (r.act?.kind === 'requested') acts.sent++;
    if (r.act?.kind === 'failed') acts.failed++;
    if (r.act?.kind === 'refused') {
      acts.refused++;
      refusedBy[r.act.reason] = (refusedBy[r.act.reason] ?? 0) + 1;
    }
  }
  const left: Record<string, number> = {};
  for (const l of input.left ?? []) left[l.reason] = (left[l.reason] ?? 0) + 1;
  const guarded: Record<string, number> & { total: number } = { total: input.audit.length };
  for (const a of input.audit) guarded[a.outcome] = (guarded[a.outcome] ?? 0) + 1;
  const tickets = { total: input.tickets.length, low: 0, medium: 0, high: 0, critical: 0 };
  for (const t of input.tickets) tickets[t.risk.level]++;
  return {
    schemaVersion: 1,
    repo: input.repo,
    date: input.date,
    timeZone: input.timeZone,
    window: input.window,
    generatedAt: input.generatedAt,
    figures: {
      ...runFigures(input.runs),
      decisions,
      acts,
      refusedBy,
      left,
      gaps: (input.gaps ?? []).length,
      guarded,
      tickets,
      anomalies: input.anomalies.length,
    },
  };
}

const RISK_ORDER = { critical: 0, high: 1, medium: 2, low: 3 } as const;

/** AUDIT_SUMMARY.md: what happened, what automation did, what failed and why, with links. */
export function renderAuditSummary(input: AuditSummaryInput): { document: GeneratedDocument; data: AuditSummaryData } {
  const data = auditSummaryData(input);
  const f = data.figures;
  const b = new DocBuilder();
  b.text(
    `# Audit summary — ${input.repo} — ${input.date}`,
    '',
    `Window ${input.window.from} → ${input.window.to} (folder date in ${input.timeZone}; timestamps UTC). Generated ${input.generatedAt} from [${AUDIT_SUMMARY_JSON}](${AUDIT_SUMMARY_JSON}); never hand-edited.`,
    '',
    '## What happened',
    '',
  );
  b.line`- ${docNumber(f.runs, '/figures/runs')} runs, ${docNumber(f.attempts, '/figures/attempts')} attempts; ${docNumber(f.failedFinal, '/figures/failedFinal')} runs still failed after their last attempt; ${docNumber(f.recovered, '/figures/recovered')} recovered on a re-run.`;
  for (const [k, n] of Object.entries(f.byConclusion))
    b.line`- ${k}: ${docNumber(n, `/figures/byConclusion/${pointerKey(k)}`)} attempts`;
  b.text('', '## What automation did', '');
  b.line`- Retry decisions: ${docNumber(f.decisions.total, '/figures/decisions/total')} (${docNumber(f.acts.sent, '/figures/acts/sent')} re-runs sent, ${docNumber(f.acts.refused, '/figures/acts/refused')} refused by the guard, ${docNumber(f.acts.failed, '/figures/acts/failed')} failed to send, ${docNumber(f.decisions.skip, '/figures/decisions/skip')} not re-run by policy, ${docNumber(f.decisions.shadow, '/figures/decisions/shadow')} shadow, ${docNumber(f.decisions.wait, '/figures/decisions/wait')} waiting).`;
  for (const [reason, n] of Object.entries(f.refusedBy))
    b.line`  - refused (${reason}): ${docNumber(n, `/figures/refusedBy/${pointerKey(reason)}`)}`;
  const outcomes = Object.keys(f.guarded).filter((k) => k !== 'total');
  if (outcomes.length === 0) b.line`- Guarded actions: ${docNumber(f.guarded.total, '/figures/guarded/total')} (none).`;
  else {
    const items: (string | ReturnType<typeof docNumber>)[] = [
      '- Guarded actions: ',
      docNumber(f.guarded.total, '/figures/guarded/total'),
      ' (',
    ];
    outcomes.forEach((k, i) =>
      items.push(i === 0 ? '' : ', ', docNumber(f.guarded[k] ?? 0, `/figures/guarded/${pointerKey(k)}`), ` ${k}`),
    );
    b.join([...items, ').']);
  }
  b.text('');
  if (input.retries.length > 0) {
    b.text('| run | attempt | workflow | cause | decision | why | result |', '|---|---:|---|---|---|---|---|');
    for (const r of input.retries) {
      b.text(
        `| ${link(String(r.runId), r.url)} | ${r.attempt} | ${cell(r.workflowName)} | ${r.cause} | ${r.decision} | ${cell(r.reason)} | ${cell(r.act === null ? '' : describeRerunAct(r.act))} |`,
      );
    }
    b.text('');
  }
  if (input.audit.length > 0) {
    b.text('| when (UTC) | action | target | outcome | reason | actor |', '|---|---|---|---|---|---|');
    for (const a of input.audit) {
      b.text(
        `| ${a.at} | ${cell(a.action)}${a.dryRun ? ' (dry run)' : ''} | ${cell(a.target)} | ${a.outcome} | ${cell(a.reason ?? '')} | ${cell(a.actor)} |`,
      );
    }
    b.text('');
  }
  b.text('## Audit tickets', '');
  b.line`- ${docNumber(f.tickets.total, '/figures/tickets/total')} tickets: ${docNumber(f.tickets.critical, '/figures/tickets/critical')} critical, ${docNumber(f.tickets.high, '/figures/tickets/high')} high, ${docNumber(f.tickets.medium, '/figures/tickets/medium')} medium, ${docNumber(f.tickets.low, '/figures/tickets/low')} low.`;
  b.text('');
  if (input.tickets.length > 0) {
    b.text('| ticket | risk | rule | cluster | occurrences | status | issue |', '|---|---|---|---|---:|---|---|');
    const sorted = [...input.tickets].sort(
      (x, y) =>
        RISK_ORDER[x.risk.level] - RISK_ORDER[y.risk.level] || y.occurrences - x.occurrences || (x.id < y.id ? -1 : 1),
    );
    for (const t of sorted) {
      b.text(
        `| [${t.id}](audit_tickets/${t.id}.md) | ${t.risk.level} | ${t.risk.rule} | ${cell(t.title)} | ${t.occurrences} | ${t.status} | ${t.issue ? `[#${t.issue.number}](${t.issue.url})` : '–'} |`,
      );
    }
    b.text('');
  }
  if ((input.left ?? []).length > 0) {
    b.text('### Left alone by the re-run sweep', '');
    for (const [reason, n] of Object.entries(f.left))
      b.line`- ${reason}: ${docNumber(n, `/figures/left/${pointerKey(reason)}`)}`;
    b.text('', '| run | workflow | reason | detail |', '|---|---|---|---|');
    for (const l of input.left ?? [])
      b.text(`| ${l.runId} | ${cell(l.workflowName)} | ${l.reason} | ${cell(l.detail)} |`);
    b.text('');
  }
  if ((input.gaps ?? []).length > 0) {
    b.text('## Gaps: what could not be collected or done', '');
    b.line`This bundle is partial: ${docNumber(f.gaps, '/figures/gaps')} gap(s), by step:`;
    b.text('', ...(input.gaps ?? []).map((g) => `- **${g.step}**: ${cell(g.reason)}`), '');
  }
  b.text('## What failed and why', '');
  const failed = lastAttempts(input.runs).filter((r) => isFailedConclusion(r.conclusion));
  if (failed.length === 0) b.text('Nothing is failing at its last attempt.', '');
  else {
    for (const [k, n] of Object.entries(f.failedByCause))
      b.line`- ${k}: ${docNumber(n, `/figures/failedByCause/${pointerKey(k)}`)} runs`;
    b.text('', '| run | workflow | branch | cause | attempts |', '|---|---|---|---|---:|');
    for (const r of failed.slice(0, 50))
      b.text(
        `| ${link(String(r.runId), r.url)} | ${cell(r.workflowName)} | ${cell(r.branch ?? '')} | ${r.cause ?? 'unknown'} | ${r.attempt} |`,
      );
    if (failed.length > 50) b.text('', `…and ${failed.length - 50} more in [RUNS_SUMMARY.json](RUNS_SUMMARY.json).`);
    b.text('');
  }
  b.text('## Anomalies', '');
  if (input.anomalies.length === 0) b.text('None detected.', '');
  else
    b.text(...input.anomalies.map((a) => `- **${a.severity}** ${a.rule} (${cell(a.subject)}): ${cell(a.message)}`), '');
  b.text(
    '## Files',
    '',
    'See [_evidence_index.md](_evidence_index.md) for every file of this bundle with its SHA-256; the day logs are in `logs/` (`detection_log_…`, `retry_log_…`, `notification_log_…`, `killswitch_log_…`).',
  );
  if (input.screenshot?.kind === 'written')
    b.text('', 'Dashboard screenshot: [screenshots/dashboard.png](screenshots/dashboard.png).');
  if (input.screenshot?.kind === 'skipped')
    b.text('', `Dashboard screenshot skipped: ${cell(input.screenshot.reason)}.`);
  return { document: b.build('AUDIT_SUMMARY.md', AUDIT_SUMMARY_JSON), data };
}
