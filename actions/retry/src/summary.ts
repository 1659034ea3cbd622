import type { RunEventResult } from '@opsguard/engine';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

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
    `| Run | [${o.workflowName} #${o.runId}](${o.url}), attempt ${o.attempt} |`,
    `| Cause | ${cell(o.cause)} (${o.transient ? 'transient' : 'not transient'}) |`,
    `| Decision | ${o.decision}: ${cell(o.reason)} |`,
    `| Result | ${cell(o.result ?? 'no action')} |`,
  ];
  if (o.delayMs > 0) lines.push(`| Backoff | ${Math.round(o.delayMs / 1000)} s |`);
  if (o.evidence.length > 0) lines.push('', '**Evidence** (sanitised):', '', '```text', ...o.evidence, '```');
  return lines.join('\n');
}
