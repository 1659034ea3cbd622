import type { CircuitState } from './circuit-breaker.js';
import { evaluateKillSwitch, type KillSwitchEntry } from './kill-switch.js';

/** What the CI guard knows about the job that runs it. */
export interface CiGuardSubject {
  /** `owner/name`. */
  readonly repo: string;
  /** GITHUB_WORKFLOW: the workflow's name, as kill-switch services name it. */
  readonly workflow: string;
  /** Further services this job belongs to (a deploy target, `aws:lambda`), each checked too. */
  readonly services: readonly string[];
  /** GITHUB_RUN_ATTEMPT. */
  readonly attempt: number;
}

export interface CiGuardLimits {
  /** Attempts allowed for a run (the retry policy's maxAttempts). */
  readonly maxAttempts: number;
}

/** The workflow's circuit as the guard persisted it; null when not known (no store). */
export interface CiGuardCircuit {
  readonly state: CircuitState;
  /** When it opened (ms); it stays open for `openMs` from then. */
  readonly openedAtMs: number | null;
  readonly openMs: number;
}

export type CiGuardViolation =
  | { readonly kind: 'kill-switch'; readonly message: string }
  | { readonly kind: 'retry-limit'; readonly message: string }
  | { readonly kind: 'circuit-open'; readonly message: string };

export interface CiGuardVerdict {
  readonly allowed: boolean;
  readonly violations: readonly CiGuardViolation[];
  /** The service names checked against the kill switches. */
  readonly services: readonly string[];
}

/** The action type the kill switch's `action` scope names for a CI job started by a workflow. */
export const CI_GUARD_ACTION = 'ci-run';

/**
 * Whether a job may go on (pure): no kill switch covers its workflow or services, its attempt is
 * within the retry limit, and its workflow's circuit is not open.
 */
export function ciGuardVerdict(
  subject: CiGuardSubject,
  switches: readonly KillSwitchEntry[],
  limits: CiGuardLimits,
  circuit: CiGuardCircuit | null,
  nowMs: number,
): CiGuardVerdict {
  const services = [`github:${subject.repo}:${subject.workflow}`, ...subject.services];
  const violations: CiGuardViolation[] = [];
  for (const service of services) {
    const verdict = evaluateKillSwitch(switches, { service, action: CI_GUARD_ACTION });
    if (verdict.killed) {
      violations.push({
        kind: 'kill-switch',
        message: `the ${verdict.scope} kill switch${verdict.scope === 'global' ? '' : ` for ${verdict.target}`} is on: ${verdict.reason}`,
      });
      break;
    }
  }
  if (subject.attempt > limits.maxAttempts) {
    violations.push({
      kind: 'retry-limit',
      message: `attempt ${subject.attempt} is over the retry limit of ${limits.maxAttempts} attempts for ${subject.workflow}`,
    });
  }
  if (circuit && circuit.state !== 'closed') {
    const until = circuit.openedAtMs === null ? null : circuit.openedAtMs + circuit.openMs;
    if (circuit.state === 'open' && (until === null || nowMs < until)) {
      violations.push({
        kind: 'circuit-open',
        message: `the circuit of ${subject.workflow} is open${until === null ? '' : ` until ${new Date(until).toISOString()}`} (too many consecutive failures)`,
      });
    }
  }
  return { allowed: violations.length === 0, violations, services };
}
