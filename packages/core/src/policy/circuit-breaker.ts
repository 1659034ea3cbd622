/**
 * Circuit-breaker transitions, the reference the SQL breaker functions implement atomically:
 * closed --N consecutive failures--> open --openMs elapsed--> half_open
 * half_open --M consecutive successes--> closed;  half_open --any failure--> open.
 */
export type CircuitState = 'closed' | 'open' | 'half_open';

export interface CircuitConfig {
  readonly failureThreshold: number;
  readonly openMs: number;
  readonly successThreshold: number;
}

export interface CircuitSnapshot {
  readonly state: CircuitState;
  readonly consecutiveFailures: number;
  readonly consecutiveSuccesses: number;
  readonly openedAtMs: number | null;
}

export const DEFAULT_CIRCUIT: CircuitConfig = { failureThreshold: 5, openMs: 60_000, successThreshold: 3 };

export const CLOSED_CIRCUIT: CircuitSnapshot = {
  state: 'closed',
  consecutiveFailures: 0,
  consecutiveSuccesses: 0,
  openedAtMs: null,
};

export interface CircuitAdmission {
  readonly allowed: boolean;
  readonly snapshot: CircuitSnapshot;
  readonly retryAfterMs: number;
}

export function admitCircuit(current: CircuitSnapshot | null, config: CircuitConfig, nowMs: number): CircuitAdmission {
  const snapshot = current ?? CLOSED_CIRCUIT;
  if (snapshot.state !== 'open') return { allowed: true, snapshot, retryAfterMs: 0 };
  const openedAt = snapshot.openedAtMs ?? nowMs;
  const reopenAt = openedAt + config.openMs;
  if (nowMs >= reopenAt) {
    return {
      allowed: true,
      snapshot: { ...snapshot, state: 'half_open', consecutiveSuccesses: 0 },
      retryAfterMs: 0,
    };
  }
  return { allowed: false, snapshot, retryAfterMs: reopenAt - nowMs };
}

export function recordCircuitOutcome(
  current: CircuitSnapshot | null,
  config: CircuitConfig,
  success: boolean,
  nowMs: number,
): CircuitSnapshot {
  const s = current ?? CLOSED_CIRCUIT;
  if (success) {
    if (s.state === 'half_open') {
      const successes = s.consecutiveSuccesses + 1;
      return successes >= config.successThreshold
        ? CLOSED_CIRCUIT
        : { ...s, consecutiveSuccesses: successes, consecutiveFailures: 0 };
    }
    return { ...s, consecutiveFailures: 0, consecutiveSuccesses: s.consecutiveSuccesses + 1 };
  }
  if (s.state === 'half_open') {
    return {
      state: 'open',
      consecutiveFailures: s.consecutiveFailures + 1,
      consecutiveSuccesses: 0,
      openedAtMs: nowMs,
    };
  }
  const failures = s.consecutiveFailures + 1;
  if (s.state === 'closed' && failures >= config.failureThreshold) {
    return { state: 'open', consecutiveFailures: failures, consecutiveSuccesses: 0, openedAtMs: nowMs };
  }
  return { ...s, consecutiveFailures: failures, consecutiveSuccesses: 0 };
}
