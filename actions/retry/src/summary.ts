import type { OutputValue } from '@opsguard/action-kit';
import { describeRerunAct } from '@opsguard/core';
import type { RunEventResult } from '@opsguard/engine';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The step's outputs, from the typed result. */
export function retryOutputs(result: RunEventResult): Record<string, OutputValue> {
  switch (result.kind) {
    case 'decided': {
      const o = result.outcome;
      return {
        decision: o.decision,
        cause: o.cause,
        transient: o.transient,
        attempt: o.attempt,
        act: o.act?.kind ?? 'none',
        result: o.act === null ? '' : describeRerunAct(o.act),
      };
    }
    case 'recovered':
      return {
        decision: 'recovered',
        cause: 'recovered',
        transient: true,
        attempt: result.recovery.attempt,
        act: 'none',
        result: result.recovery.message,
      };
    case 'ignored':
      return { decision: 'skip', cause: 'none', transient: false, attempt: result.attempt, act: 'none', result: '' };
  }
}

/** The job summary: the decision, the cause and the evidence lines that show why. */
export function retrySummary(result: RunEventResult): string {
  if (result.kind === 'recovered') {
    const r = result.recovery;
    return [
      `### OpsGuard retry: recovered`,
      '',
      `${r.message}.`,
      r.issueClosed ? 'The incident issue was closed.' : '',
      `[Run ${r.runId}](${r.url})`,
    ].join('\n');
  }
  if (result.kind === 'ignored')
    return `### OpsGuard retry: nothing to do\n\nRun ${result.runId} attempt ${result.attempt}: ${result.reason}.`;
  const o = result.outcome;
  const lines = [
    `### OpsGuard retry: ${o.decision}`,
    '',
    '| | |',
    '|---|---|',
    `| Run | [${cell(o.workflowName)} #${o.runId}](${o.url}), attempt ${o.attempt} |`,
    `| Cause | ${cell(o.cause)} (${o.transient ? 'transient' : 'not transient'}) |`,
    `| Decision | ${o.decision}: ${cell(o.reason)} |`,
    `| Result | ${cell(describeRerunAct(o.act))} |`,
  ];
  if (o.delayMs > 0) lines.push(`| Backoff | ${Math.round(o.delayMs / 1000)} s |`);
  if (o.evidence.length > 0) {
    // A fence longer than any run of backticks in the evidence: its text cannot close the block.
    const longest = Math.max(2, ...o.evidence.map((l) => Math.max(0, ...(l.match(/`+/g) ?? []).map((m) => m.length))));
    const fence = '`'.repeat(longest + 1);
    lines.push('', '**Evidence** (sanitised):', '', `${fence}text`, ...o.evidence, fence);
  }
  return lines.join('\n');
}
