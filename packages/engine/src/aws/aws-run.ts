// What shutdown and recovery need: the SDK clients, the guard every mutating call passes, an
// injected clock, where restore records live, and a line logger. Plus the one helper that puts
// an AWS call through the guard and returns a typed outcome (never throws).
import { normaliseAwsError, type AwsClients, type AwsErrorKind } from '@opsguard/aws';
import type { JsonObject } from '@opsguard/core';
import type { Guard } from '@opsguard/guard';
import type { Clock } from '../clock.js';
import type { RestoreRecordStore } from './restore-records.js';

export interface AwsRunDeps {
  readonly clients: AwsClients;
  readonly guard: Guard;
  readonly clock: Clock;
  readonly records: RestoreRecordStore;
  readonly log?: (line: string) => void;
}

/** An AWS failure, or the guard's refusal (kill switch, rate limit, open breaker), or OpsGuard's own refusal. */
export interface StepError {
  readonly resource: string;
  readonly kind: AwsErrorKind | 'refused' | 'timeout' | 'unexpected-state' | 'health-check';
  readonly code: string;
  readonly message: string;
}

export type Guarded<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: StepError };

export interface AwsCall<T> {
  /** e.g. `put-function-concurrency`. */
  readonly action: string;
  /** `lambda`, `ec2`, `ssm`, `cloudfront`, `sns`. */
  readonly service: string;
  /** The resource's ARN. */
  readonly target: string;
  readonly idempotencyKey: string;
  readonly details?: JsonObject;
  execute(): Promise<T>;
}

/** How long one call may wait in all for the guard's rate limits to let it through. */
const RATE_LIMIT_WAIT_MS = 5 * 60_000;

/**
 * One mutating AWS call through the guard (the SDK already retried throttling and 5xx). A
 * shutdown touches many resources at once: a rate-limit refusal is waited out (bounded), so the
 * guard paces the calls instead of failing the tail of the list.
 */
export async function guardedAws<T>(deps: Pick<AwsRunDeps, 'guard' | 'clock'>, call: AwsCall<T>): Promise<Guarded<T>> {
  const started = deps.clock.now().getTime();
  let outcome = await runOnce(deps, call);
  while (
    outcome.outcome === 'SKIPPED' &&
    outcome.reason === 'rate_limited' &&
    deps.clock.now().getTime() + outcome.retryAfterMs - started <= RATE_LIMIT_WAIT_MS
  ) {
    await deps.clock.sleep(Math.max(outcome.retryAfterMs, 1_000));
    outcome = await runOnce(deps, call);
  }
  if (outcome.outcome === 'SUCCESS') return { ok: true, value: outcome.value };
  if (outcome.outcome === 'SKIPPED')
    return {
      ok: false,
      error: { resource: call.target, kind: 'refused', code: outcome.reason, message: outcome.message },
    };
  const info = normaliseAwsError(outcome.error);
  return { ok: false, error: { resource: call.target, kind: info.kind, code: info.code, message: info.message } };
}

function runOnce<T>(deps: Pick<AwsRunDeps, 'guard'>, call: AwsCall<T>) {
  return deps.guard.run({
    action: call.action,
    service: `aws:${call.service}`,
    target: call.target,
    idempotencyKey: call.idempotencyKey,
    ...(call.details === undefined ? {} : { details: call.details }),
    classifyFailure: () => ({ transient: false }),
    execute: () => call.execute(),
  });
}

/** A read's failure as a StepError. */
export function readError(resource: string, error: unknown): StepError {
  const info = normaliseAwsError(error);
  return { resource, kind: info.kind, code: info.code, message: info.message };
}

export const instanceArn = (region: string, account: string, id: string) =>
  `arn:aws:ec2:${region}:${account}:instance/${id}`;
export const distributionArn = (account: string, id: string) => `arn:aws:cloudfront::${account}:distribution/${id}`;
