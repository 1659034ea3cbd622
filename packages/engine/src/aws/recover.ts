// Recovery from a restore record, aborting at the first failure: instances back to running
// (skipped when already so; waited for when stopping; StateReason read when one falls back to
// stopped), the health check, each function's reservation exactly as it was (deleted where there
// was none), distributions enabled. Each step is recorded, so a second run resumes.
import {
  callerIdentity,
  deleteReservedConcurrency,
  describeInstances,
  getReservedConcurrency,
  putReservedConcurrency,
  setDistributionEnabled,
  startInstances,
  type InstanceView,
} from '@opsguard/aws';
import {
  ConfigurationError,
  recoveryDone,
  withRestoreStatus,
  withRestoreStep,
  type RestoreRecord,
} from '@opsguard/core';
import { guardedAws, readError, type AwsRunDeps, type StepError } from './aws-run.js';
import { checkHealth, type HealthCheck } from './health-check.js';
import { PhaseRecorder, type PhaseResult } from './phase-result.js';
import { waitFor } from './wait-for.js';

export interface RecoverOptions {
  readonly healthCheck?: HealthCheck;
  readonly fetch?: (url: string) => Promise<{ readonly status: number }>;
  /** How long a started instance may take to be running (default 2 min). */
  readonly startTimeoutMs?: number;
}

export type RecoveryStatus = 'recovered' | 'skipped' | 'failed';

export interface RecoveryResult {
  readonly kind: 'opsguard.aws-recovery-result';
  readonly planSha256: string;
  /** `skipped`: everything already was as recorded; nothing changed. */
  readonly status: RecoveryStatus;
  readonly phases: readonly PhaseResult[];
  readonly failedAt: { readonly phase: string; readonly error: StepError } | undefined;
}

const POLL_MS = 5_000;
/** The StateReason of our own stop: a stopped instance still showing it has not tried to start yet. */
const USER_STOP = 'Client.UserInitiatedShutdown';

class Abort extends Error {
  constructor(
    readonly phase: string,
    readonly stepError: StepError,
  ) {
    super(stepError.message);
  }
}

export async function recoverFromRecord(
  deps: AwsRunDeps,
  initial: RestoreRecord,
  options: RecoverOptions = {},
): Promise<RecoveryResult> {
  const { clients, clock } = deps;
  const identity = await callerIdentity(clients);
  if (identity.account !== initial.account || clients.region !== initial.region)
    throw new ConfigurationError(
      `restore record: for account ${initial.account} in ${initial.region}, but the credentials are for ${identity.account} in ${clients.region}; nothing changed`,
    );
  let record = withRestoreStatus(initial, 'recovery-in-progress', clock.now());
  await deps.records.save(record);
  const phases: PhaseResult[] = [];
  const step = async (phase: string, resource: string, status: 'done' | 'failed' | 'skipped', detail: string) => {
    record = withRestoreStep(record, { phase: `recovery:${phase}`, resource, status, detail }, clock.now());
    await deps.records.save(record);
  };
  const key = (phase: string, resource: string) =>
    `aws-recovery:${record.planSha256}:${phase}:${resource}:${record.steps.length}`;
  const fail = async (recorder: PhaseRecorder, error: StepError): Promise<never> => {
    recorder.failed(error);
    phases.push(recorder.finish());
    await step(recorder.phase, error.resource, 'failed', `${error.code}: ${error.message}`);
    throw new Abort(recorder.phase, error);
  };
  const describe = async (id: string, arn: string, recorder: PhaseRecorder): Promise<InstanceView> => {
    try {
      const [view] = await describeInstances(clients, { ids: [id] });
      if (view) return view;
      return await fail(recorder, {
        resource: arn,
        kind: 'not-found',
        code: 'InvalidInstanceID.NotFound',
        message: id,
      });
    } catch (error) {
      if (error instanceof Abort) throw error;
      return fail(recorder, readError(arn, error));
    }
  };

  try {
    // 1. Instances that ran before the shutdown run again.
    const ec2 = new PhaseRecorder('ec2-start', () => clock.now());
    for (const instance of record.prior.instances.filter((i) => i.state === 'running' || i.state === 'pending')) {
      if (recoveryDone(record, 'recovery:ec2-start', instance.arn)) {
        ec2.skipped(instance.arn, 'done by an earlier recovery run');
        continue;
      }
      let view = await describe(instance.id, instance.arn, ec2);
      if (view.state === 'running') {
        ec2.skipped(instance.arn, 'already running');
        await step('ec2-start', instance.arn, 'skipped', 'already running');
        continue;
      }
      if (view.state === 'stopping') {
        const stopped = await waitFor(
          clock,
          () => describe(instance.id, instance.arn, ec2),
          (v) => v.state === 'stopped',
          {
            timeoutMs: options.startTimeoutMs ?? 120_000,
            intervalMs: POLL_MS,
          },
        );
        if (!stopped.met)
          await fail(ec2, {
            resource: instance.arn,
            kind: 'timeout',
            code: 'StillStopping',
            message: 'did not reach stopped, so it cannot be started',
          });
        else view = stopped.value;
      }
      if (view.state !== 'stopped')
        await fail(ec2, {
          resource: instance.arn,
          kind: 'unexpected-state',
          code: view.state,
          message: `instance is ${view.state}; cannot start it`,
        });
      const started = await guardedAws(deps, {
        action: 'start-instance',
        service: 'ec2',
        target: instance.arn,
        idempotencyKey: key('ec2', instance.arn),
        execute: () => startInstances(clients, [instance.id]),
      });
      if (!started.ok) await fail(ec2, started.error);
      // Pending → running; one that falls back to stopped (say a KMS grant failure) is that, not a time-out.
      let sawPending = false;
      const up = await waitFor(
        clock,
        () => describe(instance.id, instance.arn, ec2),
        (v) => {
          if (v.state === 'pending') sawPending = true;
          const failedStart = v.stateReason !== undefined && v.stateReason.code !== USER_STOP;
          return v.state === 'running' || (v.state === 'stopped' && (sawPending || failedStart));
        },
        { timeoutMs: options.startTimeoutMs ?? 120_000, intervalMs: POLL_MS },
      );
      if (up.met && up.value.state === 'running') {
        ec2.done(instance.arn, 'running');
        await step('ec2-start', instance.arn, 'done', 'running');
      } else if (up.met) {
        const reason = up.value.stateReason;
        await fail(ec2, {
          resource: instance.arn,
          kind: 'unexpected-state',
          code: reason?.code ?? 'ReturnedToStopped',
          message: `returned to stopped after starting: ${reason?.message ?? 'no StateReason'}`,
        });
      } else {
        await fail(ec2, {
          resource: instance.arn,
          kind: 'timeout',
          code: 'StartTimeout',
          message: `still ${up.last?.state ?? 'unknown'} after ${(options.startTimeoutMs ?? 120_000) / 1000} s`,
        });
      }
    }
    phases.push(ec2.finish());

    // 2. The application answers.
    const health = new PhaseRecorder('health-check', () => clock.now());
    if (options.healthCheck) {
      const fetchFn = options.fetch ?? ((url: string) => fetch(url, { signal: AbortSignal.timeout(10_000) }));
      const outcome = await checkHealth(clock, fetchFn, options.healthCheck);
      if (!outcome.passed)
        await fail(health, {
          resource: options.healthCheck.url,
          kind: 'health-check',
          code: 'Unhealthy',
          message: `${outcome.tries} tries: ${outcome.last}`,
        });
      health.done(options.healthCheck.url, `healthy after ${outcome.tries} ${outcome.tries === 1 ? 'try' : 'tries'}`);
    }
    phases.push(health.finish());

    // 3. Each function's reservation exactly as it was.
    const lambda = new PhaseRecorder('lambda-concurrency', () => clock.now());
    for (const fn of record.prior.functions) {
      let current: number | null;
      try {
        current = await getReservedConcurrency(clients, fn.name);
      } catch (error) {
        await fail(lambda, readError(fn.arn, error));
        continue;
      }
      if (current === fn.reservedConcurrency) {
        lambda.skipped(fn.arn, `already ${fn.reservedConcurrency ?? 'none'}`);
        await step('lambda-concurrency', fn.arn, 'skipped', 'already as recorded');
        continue;
      }
      const prior = fn.reservedConcurrency;
      const restored = await guardedAws(deps, {
        action: prior === null ? 'delete-function-concurrency' : 'put-function-concurrency',
        service: 'lambda',
        target: fn.arn,
        idempotencyKey: key('lambda', fn.arn),
        details: { restoreTo: prior },
        execute: () =>
          prior === null
            ? deleteReservedConcurrency(clients, fn.name)
            : putReservedConcurrency(clients, fn.name, prior),
      });
      if (!restored.ok) await fail(lambda, restored.error);
      lambda.done(fn.arn, prior === null ? 'reservation removed (there was none)' : `reserved concurrency ${prior}`);
      await step('lambda-concurrency', fn.arn, 'done', String(prior));
    }
    phases.push(lambda.finish());

    // 4. Distributions that were enabled are enabled.
    const cloudfront = new PhaseRecorder('cloudfront-enable', () => clock.now());
    for (const distribution of record.prior.distributions.filter((d) => d.enabled)) {
      const enabled = await guardedAws(deps, {
        action: 'update-distribution',
        service: 'cloudfront',
        target: distribution.arn,
        idempotencyKey: key('cloudfront', distribution.arn),
        details: { enabled: true },
        execute: () => setDistributionEnabled(clients, distribution.id, true),
      });
      if (!enabled.ok) await fail(cloudfront, enabled.error);
      else if (enabled.value.changed) {
        cloudfront.done(distribution.arn, `enabled (ETag ${enabled.value.etag})`);
        await step('cloudfront-enable', distribution.arn, 'done', 'enabled');
      } else {
        cloudfront.skipped(distribution.arn, 'already enabled');
        await step('cloudfront-enable', distribution.arn, 'skipped', 'already enabled');
      }
    }
    phases.push(cloudfront.finish());
  } catch (error) {
    if (!(error instanceof Abort)) throw error;
    record = withRestoreStatus(record, 'recovery-failed', clock.now());
    await deps.records.save(record);
    return {
      kind: 'opsguard.aws-recovery-result',
      planSha256: record.planSha256,
      status: 'failed',
      phases,
      failedAt: { phase: error.phase, error: error.stepError },
    };
  }
  record = withRestoreStatus(record, 'recovered', clock.now());
  await deps.records.save(record);
  const changed = phases.some((p) => p.resources.some((r) => r.outcome === 'done' && p.phase !== 'health-check'));
  return {
    kind: 'opsguard.aws-recovery-result',
    planSha256: record.planSha256,
    status: changed ? 'recovered' : 'skipped',
    phases,
    failedAt: undefined,
  };
}
