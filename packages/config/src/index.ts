export { ConfigFileError, type ConfigProblem } from './config-error.js';
export { validateConfig, parseConfigText } from './validate.js';
export { loadConfig, parseConfigOverride, mergeOverride, type ConfigSpec } from './load-config.js';
export { detectionRulesSpec, loadDetectionRules } from './detection-rules.js';
export { killSwitchRulesSpec, loadKillSwitchRules } from './kill-switch-rules.js';
export { maskRulesSpec, loadMaskRules, type MaskRules } from './mask-rules.js';
export {
  retryPolicySpec,
  loadRetryPolicy,
  parseRetryPolicy,
  mergeRetryPolicy,
  type RetryPolicy,
} from './retry-policy.js';
export {
  intakeSourcesSpec,
  loadIntakeSources,
  type IntakeSources,
  type IntakeSourceSpec,
  type IntakeActionSpec,
  type IntakeLimits,
} from './intake-sources.js';
export { auditRulesSpec, loadAuditRules } from './audit-rules.js';
export {
  guardrailPoliciesSpec,
  loadGuardrailPolicies,
  parseGuardrailPolicies,
  type GuardrailPolicies,
} from './guardrail-policies.js';
export { rollbackRulesSpec, loadRollbackRules } from './rollback-rules.js';
