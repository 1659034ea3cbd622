// The SNS messages of shutdown and recovery: a subject a person can triage from, and the
// structured result as the body. Recovery has three distinct messages: skipped, success, failure.
import { publish } from '@opsguard/aws';
import { guardedAws, type AwsRunDeps, type Guarded } from './aws-run.js';
import type { ShutdownResult } from './apply-shutdown.js';
import type { RecoveryResult } from './recover.js';

export function shutdownSubject(result: ShutdownResult): string {
  const failed = result.phases.filter((p) => p.status === 'failed' || p.status === 'partial').map((p) => p.phase);
  return result.overall_success
    ? `OpsGuard shutdown complete in ${result.account} ${result.region}`
    : `OpsGuard shutdown finished with errors in ${result.account} ${result.region}: ${failed.join(', ')}`;
}

export function recoverySubject(result: RecoveryResult, account: string, region: string): string {
  switch (result.status) {
    case 'skipped':
      return `OpsGuard recovery skipped in ${account} ${region}: already as recorded`;
    case 'recovered':
      return `OpsGuard recovery complete in ${account} ${region}`;
    default:
      return `OpsGuard recovery FAILED in ${account} ${region} at ${result.failedAt?.phase ?? '?'}: ${result.failedAt?.error.code ?? ''}`;
  }
}

export async function announce(
  deps: Pick<AwsRunDeps, 'guard' | 'clients' | 'clock'>,
  topicArn: string,
  subject: string,
  body: unknown,
  idempotencyKey: string,
): Promise<Guarded<string>> {
  return guardedAws(deps, {
    action: 'publish',
    service: 'sns',
    target: topicArn,
    idempotencyKey,
    execute: () => publish(deps.clients, topicArn, subject, JSON.stringify(body, null, 2)),
  });
}
