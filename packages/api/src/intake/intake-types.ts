import type { JsonObject, JsonValue } from '@opsguard/core';
import type { SignatureStyle } from '@opsguard/webhook-signature';

export type IntakeAction =
  | { readonly type: 'record' }
  | { readonly type: 'repository_dispatch'; readonly eventType: string; readonly repository: string };

/**
 * What a local, synchronous action does, known before it runs: `record` only keeps the event,
 * which the store does in the claim's own transaction. Null for an action that calls out (the
 * executor runs it between a durable claim and its settlement).
 */
export function localResult(action: IntakeAction): JsonObject | null {
  return action.type === 'record' ? { recorded: true } : null;
}

/** One source as the server uses it: secrets resolved, limits in milliseconds and bytes. */
export interface IntakeSource {
  readonly name: string;
  /** Accepted secrets (several during a rotation); a source with none is not served. */
  readonly secrets: readonly string[];
  readonly styles: readonly SignatureStyle[];
  readonly ttlMs: number;
  readonly toleranceMs: number;
  readonly maxBodyBytes: number;
  readonly leaseMs: number;
  readonly waitForInFlightMs: number;
  readonly action: IntakeAction;
}

/** What the executor is handed for an event this server claimed. */
export interface AcceptedEvent {
  readonly source: IntakeSource;
  readonly key: string;
  readonly attempt: number;
  readonly auditId: string;
  readonly payloadSha256: string;
  readonly payload: JsonValue;
}

export type ExecutionResult =
  | { readonly status: 'done'; readonly result: JsonObject }
  | { readonly status: 'failed'; readonly error: string; readonly result: JsonObject };

/**
 * Runs an accepted event's action that calls out (a `record` source never reaches it: see
 * localResult). The CLI composes it from the guard and the GitHub client
 * (the api package imports neither); tests pass their own.
 */
export type IntakeExecutor = (event: AcceptedEvent) => Promise<ExecutionResult>;
