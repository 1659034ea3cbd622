// How the CLI and the demo print a shutdown plan, a shutdown result and a recovery result.
import type { ShutdownPlan } from '@opsguard/core';
import type { PhaseResult, RecoveryResult, ShutdownResult } from '@opsguard/engine';

export function printPlan(plan: ShutdownPlan, say: (line: string) => void): void {
  say(
    `Plan ${plan.sha256.slice(0, 12)} for account ${plan.account} in ${plan.region} (valid until ${plan.validUntil}):`,
  );
  for (const fn of plan.functions)
    say(`  lambda      ${fn.name.padEnd(28)} reserved concurrency ${fn.reservedConcurrency ?? 'none'} → 0`);
  if (plan.ssm) say(`  ssm         systemctl stop ${plan.ssm.service} on ${plan.ssm.instanceIds.join(', ')}`);
  for (const instance of plan.instances)
    say(
      `  ec2         ${instance.id.padEnd(28)} ${instance.state} (${instance.rootDeviceType} root)${instance.state === 'running' ? ' → stopped' : ''}`,
    );
  for (const d of plan.distributions)
    say(`  cloudfront  ${d.id.padEnd(28)} ${d.enabled ? 'enabled → disabled' : 'already disabled'}`);
}

function printPhases(phases: readonly PhaseResult[], say: (line: string) => void): void {
  for (const phase of phases) {
    say(`  ${phase.phase.padEnd(20)} ${phase.status.padEnd(10)} ${(phase.durationMs / 1000).toFixed(0).padStart(4)} s`);
    for (const r of phase.resources) say(`      ${r.outcome.padEnd(8)} ${r.resource}  ${r.detail}`);
    if (phase.note) say(`      note: ${phase.note}`);
  }
}

export function printShutdown(result: ShutdownResult, say: (line: string) => void): void {
  say(
    `Shutdown ${result.overall_success ? 'complete' : 'finished WITH ERRORS'} (overall_success: ${result.overall_success}):`,
  );
  printPhases(result.phases, say);
}

export function printRecovery(result: RecoveryResult, say: (line: string) => void): void {
  const head =
    result.status === 'failed'
      ? `Recovery FAILED at ${result.failedAt?.phase ?? '?'}: ${result.failedAt?.error.code ?? ''} ${result.failedAt?.error.message ?? ''} (run it again to resume)`
      : result.status === 'skipped'
        ? 'Recovery skipped: everything already was as recorded'
        : 'Recovery complete: every resource back to its recorded state';
  say(head);
  printPhases(result.phases, say);
}
