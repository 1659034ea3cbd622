// Shutdown and recovery as a workflow runs them: the engine step, then the structured result
// published to SNS (when a topic is given) and written to the evidence folder next to the plan
// and the restore record.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { callerIdentity } from '@opsguard/aws';
import { ConfigurationError, type RestoreRecord, type ShutdownPlan } from '@opsguard/core';
import { announce, recoverySubject, shutdownSubject } from './announce.js';
import { applyShutdown, type ApplyShutdownOptions, type ShutdownResult } from './apply-shutdown.js';
import type { AwsRunDeps, Guarded } from './aws-run.js';
import { recoverFromRecord, type RecoverOptions, type RecoveryResult } from './recover.js';

export interface PublishOptions {
  /** SNS topic for the result (none = not published). */
  readonly topicArn?: string;
  /** Where plan.json, the result and the restore record are written (the evidence bundle's aws/ folder). */
  readonly evidenceDir?: string;
}

export interface Published {
  readonly sns: Guarded<string> | undefined;
  readonly files: readonly string[];
}

async function writeEvidence(dir: string | undefined, files: Record<string, unknown>): Promise<string[]> {
  if (dir === undefined) return [];
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const [name, value] of Object.entries(files)) {
    const path = join(dir, name);
    await writeFile(path, `${JSON.stringify(value, null, 2)}\n`);
    written.push(path);
  }
  return written;
}

export async function runShutdown(
  deps: AwsRunDeps,
  plan: ShutdownPlan,
  options: PublishOptions & ApplyShutdownOptions = {},
): Promise<{ readonly result: ShutdownResult; readonly published: Published }> {
  const result = await applyShutdown(deps, plan, options);
  const sns =
    options.topicArn === undefined
      ? undefined
      : await announce(deps, options.topicArn, shutdownSubject(result), result, `aws-shutdown:${plan.sha256}:sns`);
  const record = await deps.records.load(plan.sha256);
  const files = await writeEvidence(options.evidenceDir, {
    'aws-shutdown-plan.json': plan,
    'aws-shutdown-result.json': result,
    ...(record ? { 'aws-restore-record.json': record } : {}),
  });
  return { result, published: { sns, files } };
}

/** Recovery of the given record, or of the newest open one for the account and region. */
export async function runRecovery(
  deps: AwsRunDeps,
  source: { readonly record: RestoreRecord } | 'latest',
  options: PublishOptions & RecoverOptions = {},
): Promise<{ readonly result: RecoveryResult; readonly record: RestoreRecord; readonly published: Published }> {
  const record =
    source === 'latest'
      ? await deps.records.latestOpen((await callerIdentity(deps.clients)).account, deps.clients.region)
      : ((await deps.records.load(source.record.planSha256)) ?? source.record);
  if (!record)
    throw new ConfigurationError(
      `no open restore record for this account in ${deps.clients.region}: nothing was shut down (or it was recovered already)`,
    );
  const result = await recoverFromRecord(deps, record, options);
  const sns =
    options.topicArn === undefined
      ? undefined
      : await announce(
          deps,
          options.topicArn,
          recoverySubject(result, record.account, record.region),
          result,
          `aws-recovery:${record.planSha256}:sns:${result.status}:${deps.clock.now().toISOString()}`,
        );
  const updated = (await deps.records.load(record.planSha256)) ?? record;
  const files = await writeEvidence(options.evidenceDir, {
    'aws-recovery-result.json': result,
    'aws-restore-record.json': updated,
  });
  return { result, record: updated, published: { sns, files } };
}
