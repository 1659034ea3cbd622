import { markdownCell } from '@opsguard/core';
// The job summaries of the AWS actions (Markdown), from the typed results.
import type { ShutdownPlan } from '@opsguard/core';
import { DRAIN_NOTE, type ShutdownResult } from './apply-shutdown.js';
import type { PhaseResult } from './phase-result.js';
import type { RecoveryResult } from './recover.js';

export function planSummary(plan: ShutdownPlan): string {
  const rows = [
    ...plan.functions.map(
      (f) => `| Lambda | \`${f.name}\` | reserved concurrency ${f.reservedConcurrency ?? 'none'} | 0 |`,
    ),
    ...(plan.ssm
      ? [
          `| SSM | ${plan.ssm.instanceIds.map((i) => `\`${i}\``).join(', ')} | running | \`systemctl stop ${plan.ssm.service}\` |`,
        ]
      : []),
    ...plan.instances.map(
      (i) =>
        `| EC2 | \`${i.id}\` | ${i.state} (${i.rootDeviceType}) | ${i.state === 'running' ? 'stopped' : 'unchanged'} |`,
    ),
    ...plan.distributions.map((d) => `| CloudFront | \`${d.id}\` | ${d.enabled ? 'enabled' : 'disabled'} | disabled |`),
  ];
  return [
    '### OpsGuard AWS shutdown plan',
    '',
    `Account \`${plan.account}\`, region \`${plan.region}\`, valid until ${plan.validUntil}. SHA-256 \`${plan.sha256}\`.`,
    '',
    '| Service | Resource | Now | After shutdown |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
    `Phase 2 waits ${plan.options.drainSeconds} s: ${DRAIN_NOTE}`,
  ].join('\n');
}

function phaseRows(phases: readonly PhaseResult[]): string[] {
  return [
    '| Phase | Status | Resources | Errors | Duration |',
    '| --- | --- | --- | --- | --- |',
    ...phases.map(
      (p) =>
        `| ${p.phase} | ${p.status} | ${p.resources.length} | ${markdownCell(p.errors.map((e) => `${e.code}: ${e.message}`).join('; ')) || '—'} | ${(p.durationMs / 1000).toFixed(0)} s |`,
    ),
  ];
}

export function shutdownSummary(result: ShutdownResult): string {
  return [
    `### OpsGuard AWS shutdown: ${result.overall_success ? 'complete' : 'finished with errors'}`,
    '',
    `Plan \`${result.planSha256.slice(0, 12)}\`, account \`${result.account}\`, region \`${result.region}\`; overall_success: ${result.overall_success}.`,
    '',
    ...phaseRows(result.phases),
  ].join('\n');
}

export function recoverySummary(result: RecoveryResult): string {
  const head =
    result.status === 'failed'
      ? `failed at ${result.failedAt?.phase ?? '?'} (${result.failedAt?.error.code ?? ''}); run again to resume from the restore record`
      : result.status === 'skipped'
        ? 'skipped (everything already as recorded)'
        : 'complete';
  return [`### OpsGuard AWS recovery: ${head}`, '', ...phaseRows(result.phases)].join('\n');
}
