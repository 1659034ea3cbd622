import type { IamGuardrailApi } from '@opsguard/aws';
import type { Guard } from '@opsguard/guard';
import type { Notification } from '@opsguard/notify';
import type { GuardrailExecutionStore } from '@opsguard/store';
import type { Clock } from '../clock.js';

/** How often, and how far apart, a write is read back before IAM's eventual consistency is blamed. */
export interface ReadBackPolicy {
  readonly reads: number;
  readonly delayMs: number;
}

/** IAM usually shows a change within seconds: 6 reads 2 s apart, through the injected clock. */
export const DEFAULT_READ_BACK: ReadBackPolicy = { reads: 6, delayMs: 2_000 };

/** What the guardrail executor, the TTL clean-up and the budget handler work with. */
export interface GuardrailDeps {
  readonly iam: IamGuardrailApi;
  /** Every IAM write passes it (service `aws:iam`, target = the policy or principal ARN). */
  readonly guard: Guard;
  /**
   * Where executions are recorded before acting and found again by the clean-up; null when the
   * job has no store (then the deny's own DateLessThan expiry is the only guarantee).
   */
  readonly executions: GuardrailExecutionStore | null;
  readonly clock: Clock;
  /** Who applies: the workflow run, `opsguard-cli`, `system:auto`. */
  readonly executedBy: string;
  /** Sends a notification (through the guard and the fallback chain); best effort. */
  readonly notify: (notification: Notification) => Promise<void>;
  readonly log: (line: string) => void;
  readonly readBack?: ReadBackPolicy;
}
