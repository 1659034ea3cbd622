import { evaluateKillSwitch, toError } from '@opsguard/core';
import type { BrakeEntry } from './brake.js';
import type { BreakerSpec, TokenBucketSpec } from '@opsguard/store';
import type { GuardPolicy } from './guard-config.js';
import type { GuardDeps, GuardedCall, SkipReason } from './guard-types.js';

export interface Refusal {
  readonly reason: SkipReason;
  readonly message: string;
  readonly retryAfterMs: number;
}

export function bucketsFor(
  policy: GuardPolicy,
  call: Pick<GuardedCall<unknown>, 'service' | 'action'>,
): TokenBucketSpec[] {
  const { globalPerMinute, servicePerMinute, actionPerMinute } = policy.rateLimits;
  return [
    { key: 'global', capacity: globalPerMinute, refillPerSecond: globalPerMinute / 60 },
    { key: `service:${call.service}`, capacity: servicePerMinute, refillPerSecond: servicePerMinute / 60 },
    { key: `action:${call.action}`, capacity: actionPerMinute, refillPerSecond: actionPerMinute / 60 },
  ];
}

export function breakerFor(policy: GuardPolicy, target: string): BreakerSpec {
  return { target, ...policy.circuit };
}

/** 1. Kill switch, read fresh; anything unreadable refuses (fail closed). */
async function killSwitchGate(deps: GuardDeps, call: GuardedCall<unknown>): Promise<Refusal | null> {
  let entries: BrakeEntry[];
  try {
    entries = await deps.brake.read();
  } catch (error) {
    return {
      reason: 'kill_switch_unreadable',
      message: `kill-switch state unreadable, refusing: ${toError(error).message}`,
      retryAfterMs: 0,
    };
  }
  const verdict = evaluateKillSwitch(entries, { service: call.service, action: call.action });
  if (!verdict.killed) return null;
  return {
    reason: 'kill_switch',
    message: `${verdict.scope} kill switch (${verdict.target}) is on: ${verdict.reason}`,
    retryAfterMs: 0,
  };
}

/** 0. The job's deadline: with no time left, nothing is started that could not be recorded. */
function deadlineGate(deps: GuardDeps): Refusal | null {
  if (!deps.budget || deps.budget.spendableMs() > 0) return null;
  return { reason: 'deadline', message: "the job's time budget is spent: not started", retryAfterMs: 0 };
}

/** 2. Token buckets (global, service, action type), all consumed or none. */
async function rateGate(deps: GuardDeps, call: GuardedCall<unknown>, now: Date): Promise<Refusal | null> {
  try {
    const grant = await deps.store.consumeTokens([...bucketsFor(deps.policy, call), ...(call.extraBuckets ?? [])], now);
    if (grant.allowed) return null;
    return {
      reason: 'rate_limited',
      message: `rate limit reached for ${grant.deniedKey ?? 'a bucket'}`,
      retryAfterMs: grant.retryAfterMs,
    };
  } catch (error) {
    return {
      reason: 'store_unavailable',
      message: `rate limiter unavailable, refusing: ${toError(error).message}`,
      retryAfterMs: 0,
    };
  }
}

/** 3. Circuit breaker for the target. */
async function breakerGate(deps: GuardDeps, call: GuardedCall<unknown>, now: Date): Promise<Refusal | null> {
  try {
    const admission = await deps.store.admitBreaker(breakerFor(deps.policy, call.target), now);
    if (admission.allowed) return null;
    return { reason: 'circuit_open', message: `circuit open for ${call.target}`, retryAfterMs: admission.retryAfterMs };
  } catch (error) {
    return {
      reason: 'store_unavailable',
      message: `circuit breaker unavailable, refusing: ${toError(error).message}`,
      retryAfterMs: 0,
    };
  }
}

/** Gates 1–3 in DESIGN.md's order; the first refusal wins and later gates are not consulted. */
export async function checkGates(deps: GuardDeps, call: GuardedCall<unknown>, now: Date): Promise<Refusal | null> {
  return (
    deadlineGate(deps) ??
    (await killSwitchGate(deps, call)) ??
    (await rateGate(deps, call, now)) ??
    (await breakerGate(deps, call, now))
  );
}
