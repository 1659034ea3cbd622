// Apply: execute exactly a checked plan, in the specification's order, continuing past errors.
// The restore record is written before the first change and after every step.
import {
  callerIdentity,
  commandInvocation,
  describeInstances,
  putReservedConcurrency,
  sendStopServiceCommand,
  setDistributionEnabled,
  stopInstances,
  type InvocationStatus,
} from '@opsguard/aws';
import {
  checkPlanForApply,
  newRestoreRecord,
  withRestoreStatus,
  withRestoreStep,
  type RestoreRecord,
  type ShutdownPlan,
} from '@opsguard/core';
import { guardedAws, readError, type AwsRunDeps } from './aws-run.js';
import { PhaseRecorder, type PhaseResult } from './phase-result.js';
import { waitFor } from './wait-for.js';

export interface ShutdownResult {
  readonly kind: 'opsguard.aws-shutdown-result';
  readonly planSha256: string;
  readonly account: string;
  readonly region: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly phases: readonly PhaseResult[];
  /** Only when every phase succeeded (or had nothing to do). */
  readonly overall_success: boolean;
}

export const DRAIN_NOTE =
  'Reserved concurrency 0 stops new invocations; running ones finish, and asynchronous events are retried by Lambda for up to 6 h (they run again after recovery if still queued).';

const INSTANCE_STOP_TIMEOUT_MS = 5 * 60_000;
const POLL_MS = 5_000;
const COMMAND_POLL_MS = 2_000;

export interface ApplyShutdownOptions {
  /** Accept a plan past its validity. */
  readonly allowStale?: boolean;
}

export async function applyShutdown(
  deps: AwsRunDeps,
  plan: ShutdownPlan,
  options: ApplyShutdownOptions = {},
): Promise<ShutdownResult> {
  const { clients, clock } = deps;
  const log = deps.log ?? (() => undefined);
  const identity = await callerIdentity(clients);
  checkPlanForApply(plan, {
    account: identity.account,
    region: clients.region,
    now: clock.now(),
    ...(options.allowStale === undefined ? {} : { allowStale: options.allowStale }),
  });
  const startedAt = clock.now().toISOString();
  let record: RestoreRecord = newRestoreRecord(plan, clock.now());
  await deps.records.save(record);
  const step = async (phase: string, resource: string, status: 'done' | 'failed' | 'skipped', detail: string) => {
    record = withRestoreStep(record, { phase: `shutdown:${phase}`, resource, status, detail }, clock.now());
    await deps.records.save(record);
  };
  const key = (phase: string, resource: string) => `aws-shutdown:${plan.sha256}:${phase}:${resource}`;
  const phases: PhaseResult[] = [];

  // 1. Reserved concurrency 0: no new invocations.
  const lambda = new PhaseRecorder('lambda-concurrency', () => clock.now());
  for (const fn of plan.functions) {
    const done = await guardedAws(deps, {
      action: 'put-function-concurrency',
      service: 'lambda',
      target: fn.arn,
      idempotencyKey: key('lambda', fn.arn),
      details: { reservedConcurrentExecutions: 0, prior: fn.reservedConcurrency },
      execute: () => putReservedConcurrency(clients, fn.name, 0),
    });
    if (done.ok) lambda.done(fn.arn, `reserved concurrency ${fn.reservedConcurrency ?? 'none'} → 0`);
    else lambda.failed(done.error);
    await step('lambda-concurrency', fn.arn, done.ok ? 'done' : 'failed', done.ok ? '0' : done.error.code);
  }
  phases.push(lambda.finish());
  log(`lambda-concurrency: ${phases.at(-1)?.status}`);

  // 2. Let running invocations finish.
  const drain = new PhaseRecorder('drain-wait', () => clock.now());
  if (plan.functions.length > 0) {
    await clock.sleep(plan.options.drainSeconds * 1000);
    drain.done('lambda', `waited ${plan.options.drainSeconds} s`);
  }
  phases.push(drain.finish(plan.functions.length > 0 ? DRAIN_NOTE : undefined));

  // 3. Stop the service on each running instance (SSM), polled to a final status.
  const ssm = new PhaseRecorder('ssm-stop-service', () => clock.now());
  for (const id of plan.ssm?.instanceIds ?? []) {
    const instance = plan.instances.find((i) => i.id === id);
    const arn = instance?.arn ?? id;
    const sent = await guardedAws(deps, {
      action: 'send-command',
      service: 'ssm',
      target: arn,
      idempotencyKey: key('ssm', arn),
      details: { document: 'AWS-RunShellScript', command: `systemctl stop ${plan.ssm?.service ?? ''}` },
      execute: () => sendStopServiceCommand(clients, [id], plan.ssm?.service ?? ''),
    });
    if (!sent.ok) {
      ssm.failed(sent.error);
      await step('ssm-stop-service', arn, 'failed', sent.error.code);
      continue;
    }
    let final: Awaited<ReturnType<typeof waitFor<InvocationStatus>>>;
    try {
      final = await waitFor(
        clock,
        () => commandInvocation(clients, sent.value, id),
        (s) => s.final,
        {
          timeoutMs: plan.options.commandTimeoutSeconds * 1000,
          intervalMs: COMMAND_POLL_MS,
        },
      );
    } catch (error) {
      ssm.failed(readError(arn, error));
      await step('ssm-stop-service', arn, 'failed', 'GetCommandInvocation');
      continue;
    }
    if (final.met && final.value.status === 'Success') {
      ssm.done(arn, `command ${sent.value}: ${final.value.details}`);
      await step('ssm-stop-service', arn, 'done', final.value.details);
    } else {
      const details = final.met
        ? final.value.details
        : `no final status within ${plan.options.commandTimeoutSeconds} s (${final.last?.details ?? 'none'})`;
      ssm.failed({
        resource: arn,
        kind: final.met ? 'unexpected-state' : 'timeout',
        code: final.met ? final.value.status : 'Timeout',
        message: details,
      });
      await step('ssm-stop-service', arn, 'failed', details);
    }
  }
  phases.push(ssm.finish());

  // 4. Stop the instances (instance-store roots only when forced: their data is lost).
  const ec2 = new PhaseRecorder('ec2-stop', () => clock.now());
  for (const instance of plan.instances) {
    if (instance.state !== 'running' && instance.state !== 'pending') {
      ec2.skipped(instance.arn, `already ${instance.state}`);
      await step('ec2-stop', instance.arn, 'skipped', instance.state);
      continue;
    }
    if (instance.rootDeviceType === 'instance-store' && !plan.options.forceInstanceStore) {
      ec2.failed({
        resource: instance.arn,
        kind: 'refused',
        code: 'InstanceStoreRoot',
        message: 'instance-store root: stopping loses its data; set force-instance-store to stop it anyway',
      });
      await step('ec2-stop', instance.arn, 'failed', 'InstanceStoreRoot');
      continue;
    }
    const stopped = await guardedAws(deps, {
      action: 'stop-instance',
      service: 'ec2',
      target: instance.arn,
      idempotencyKey: key('ec2', instance.arn),
      execute: () => stopInstances(clients, [instance.id]),
    });
    if (!stopped.ok) {
      ec2.failed(stopped.error);
      await step('ec2-stop', instance.arn, 'failed', stopped.error.code);
      continue;
    }
    try {
      const wait = await waitFor(
        clock,
        async () => (await describeInstances(clients, { ids: [instance.id] }))[0]?.state ?? 'unknown',
        (state) => state === 'stopped',
        { timeoutMs: INSTANCE_STOP_TIMEOUT_MS, intervalMs: POLL_MS },
      );
      if (wait.met) {
        ec2.done(instance.arn, 'stopped');
        await step('ec2-stop', instance.arn, 'done', 'stopped');
      } else {
        ec2.failed({
          resource: instance.arn,
          kind: 'timeout',
          code: 'DidNotStop',
          message: `still ${wait.last ?? 'unknown'} after ${INSTANCE_STOP_TIMEOUT_MS / 60_000} min`,
        });
        await step('ec2-stop', instance.arn, 'failed', `still ${wait.last ?? 'unknown'}`);
      }
    } catch (error) {
      ec2.failed(readError(instance.arn, error));
      await step('ec2-stop', instance.arn, 'failed', 'DescribeInstances');
    }
  }
  phases.push(ec2.finish());

  // 5. Disable the distributions (If-Match; PreconditionFailed re-read and retried).
  const cloudfront = new PhaseRecorder('cloudfront-disable', () => clock.now());
  for (const distribution of plan.distributions) {
    if (!distribution.enabled) {
      cloudfront.skipped(distribution.arn, 'already disabled');
      await step('cloudfront-disable', distribution.arn, 'skipped', 'already disabled');
      continue;
    }
    const disabled = await guardedAws(deps, {
      action: 'update-distribution',
      service: 'cloudfront',
      target: distribution.arn,
      idempotencyKey: key('cloudfront', distribution.arn),
      details: { enabled: false },
      execute: () => setDistributionEnabled(clients, distribution.id, false),
    });
    if (disabled.ok) {
      const detail = disabled.value.changed ? `disabled (ETag ${disabled.value.etag})` : 'already disabled';
      if (disabled.value.changed) cloudfront.done(distribution.arn, detail);
      else cloudfront.skipped(distribution.arn, detail);
      await step('cloudfront-disable', distribution.arn, disabled.value.changed ? 'done' : 'skipped', detail);
    } else {
      cloudfront.failed(disabled.error);
      await step('cloudfront-disable', distribution.arn, 'failed', disabled.error.code);
    }
  }
  phases.push(cloudfront.finish());

  record = withRestoreStatus(record, 'shut-down', clock.now());
  await deps.records.save(record);
  return {
    kind: 'opsguard.aws-shutdown-result',
    planSha256: plan.sha256,
    account: plan.account,
    region: plan.region,
    startedAt,
    finishedAt: clock.now().toISOString(),
    phases,
    overall_success: phases.every((p) => p.status === 'succeeded' || p.status === 'skipped'),
  };
}
