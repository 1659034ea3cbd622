export { createGuard, type Guard } from './guard.js';
export { brakeGuard } from './brake.js';
export { DEFAULT_GUARD_POLICY, type GuardPolicy, type RateLimits } from './guard-config.js';
export { auditId } from './audit-id.js';
export { bucketsFor, breakerFor } from './gates.js';
export { defaultFailureClassifier, type FailureClassifier, type FailureVerdict } from './transient.js';
export type { AuditWrite, GuardDeps, GuardedCall, GuardLogger, GuardOutcome, SkipReason } from './guard-types.js';
export { setKillSwitch, killSwitchStatus, type KillSwitchRequest, type KillSwitchStatus } from './kill-switch-admin.js';
