export { deadlineAfter, spendableMs, canWait, boundedTimeoutMs, type Deadline } from './deadline.js';
export { REFUSAL_REASONS, isRefusalReason, type RefusalReason } from './refusal.js';
export {
  durableGuarantees,
  storelessGuarantees,
  type Guarantee,
  type GuaranteeId,
  type GuaranteeStatus,
  type KillVariableVisibility,
} from './guarantees.js';
