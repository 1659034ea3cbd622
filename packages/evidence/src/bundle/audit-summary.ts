import { describeRerunAct } from '@opsguard/core';
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
  readonly generatedAt: string;
  /** What this run could not collect or do. */
  readonly gaps: readonly { readonly step: string; readonly reason: string }[];
  /** What the re-run sweep left alone, and why. */
  readonly left: readonly {
    readonly runId: number;
    readonly workflowName: string;
    readonly reason: string;
    readonly detail: string;
  }[];
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const link = (text: string, url: string) => `[${cell(text)}](${url})`;
const FAILED = new Set(['failure', 'timed_out', 'startup_failure']);

function countBy<T>(items: readonly T[], key: (item: T) => string): [string, number][] {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

/** AUDIT_SUMMARY.md: what happened, what automation did, what failed and why, with links. */
export function renderAuditSummary(input: AuditSummaryInput): string {
  const finals = new Map<number, RunSummaryEntry>();
  for (const r of input.runs) if ((finals.get(r.runId)?.attempt ?? 0) < r.attempt) finals.set(r.runId, r);
  const failedFinal = [...finals.values()].filter((r) => FAILED.has(r.conclusion ?? ''));
  const recovered = [...finals.values()].filter((r) => r.attempt > 1 && r.conclusion === 'success');
  // What was sent is what GitHub received; a guard refusal and a policy skip are not the same.
  const sent = input.retries.filter((r) => r.act?.kind === 'requested');
  const refused = input.retries.filter((r) => r.act?.kind === 'refused');
  const failed = input.retries.filter((r) => r.act?.kind === 'failed');
  const skipped = input.retries.filter((r) => r.decision === 'skip');
  const lines = [
    `# Audit summary — ${input.repo} — ${input.date}`,
    '',
    `Window ${input.window.from} → ${input.window.to} (folder date in ${input.timeZone}; timestamps UTC). Generated ${input.generatedAt}.`,
    '',
    '## What happened',
    '',
    `- ${finals.size} runs, ${input.runs.length} attempts; ${failedFinal.length} runs still failed after their last attempt; ${recovered.length} recovered on a re-run.`,
    ...countBy(input.runs, (r) => r.conclusion ?? r.status).map(([k, n]) => `- ${k}: ${n} attempts`),
    '',
    '## What automation did',
    '',
    `- Retry decisions: ${input.retries.length} (${sent.length} re-runs sent, ${refused.length} refused by the guard, ${failed.length} failed to send, ${skipped.length} not re-run by policy, ${input.retries.filter((r) => r.decision === 'shadow').length} shadow, ${input.retries.filter((r) => r.decision === 'wait').length} waiting).`,
    ...countBy(refused, (r) => (r.act?.kind === 'refused' ? r.act.reason : '')).map(
      ([k, n]) => `  - refused (${k}): ${n}`,
    ),
    `- Guarded actions: ${input.audit.length} (${
      countBy(input.audit, (a) => a.outcome)
        .map(([k, n]) => `${n} ${k}`)
        .join(', ') || 'none'
    }).`,
    '',
  ];
  if (input.retries.length > 0) {
    lines.push('| run | attempt | workflow | cause | decision | why | result |', '|---|---:|---|---|---|---|---|');
    for (const r of input.retries) {
      lines.push(
        `| ${link(String(r.runId), r.url)} | ${r.attempt} | ${cell(r.workflowName)} | ${r.cause} | ${r.decision} | ${cell(r.reason)} | ${cell(r.act === null ? '' : describeRerunAct(r.act))} |`,
      );
    }
    lines.push('');
  }
  if (input.audit.length > 0) {
    lines.push('| when (UTC) | action | target | outcome | reason | actor |', '|---|---|---|---|---|---|');
    for (const a of input.audit) {
      lines.push(
        `| ${a.at} | ${cell(a.action)}${a.dryRun ? ' (dry run)' : ''} | ${cell(a.target)} | ${a.outcome} | ${cell(a.reason ?? '')} | ${cell(a.actor)} |`,
      );
    }
    lines.push('');
  }
  if (input.left.length > 0) {
    lines.push('### Left alone by the re-run sweep', '');
    lines.push(...countBy(input.left, (l) => l.reason).map(([k, n]) => `- ${k}: ${n}`), '');
    lines.push('| run | workflow | reason | detail |', '|---|---|---|---|');
    for (const l of input.left)
      lines.push(`| ${l.runId} | ${cell(l.workflowName)} | ${l.reason} | ${cell(l.detail)} |`);
    lines.push('');
  }
  if (input.gaps.length > 0) {
    lines.push('## Gaps: what could not be collected or done', '', 'This bundle is partial. Each gap, by step:', '');
    lines.push(...input.gaps.map((g) => `- **${g.step}**: ${cell(g.reason)}`), '');
  }
  lines.push('## What failed and why', '');
  if (failedFinal.length === 0) lines.push('Nothing is failing at its last attempt.', '');
  else {
    lines.push(...countBy(failedFinal, (r) => r.cause ?? 'unknown').map(([k, n]) => `- ${k}: ${n} runs`), '');
    lines.push('| run | workflow | branch | cause | attempts |', '|---|---|---|---|---:|');
    for (const r of failedFinal.slice(0, 50))
      lines.push(
        `| ${link(String(r.runId), r.url)} | ${cell(r.workflowName)} | ${cell(r.branch ?? '')} | ${r.cause ?? 'unknown'} | ${r.attempt} |`,
      );
    if (failedFinal.length > 50) lines.push('', `…and ${failedFinal.length - 50} more in RUNS_SUMMARY.json.`);
    lines.push('');
  }
  lines.push('## Anomalies', '');
  if (input.anomalies.length === 0) lines.push('None detected.', '');
  else
    lines.push(
      ...input.anomalies.map((a) => `- **${a.severity}** ${a.rule} (${cell(a.subject)}): ${cell(a.message)}`),
      '',
    );
  lines.push(
    '## Files',
    '',
    'See [_evidence_index.md](_evidence_index.md) for every file of this bundle with its SHA-256.',
    '',
  );
  return lines.join('\n');
}
