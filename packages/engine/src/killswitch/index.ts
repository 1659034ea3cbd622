export {
  coveredWorkflows,
  selfWorkflowPath,
  workflowService,
  type CoveredWorkflows,
  type SpareReason,
} from './covered-workflows.js';
export { brakeCall, type BrakeAction, type BrakeCallResult } from './brake-calls.js';
export { killSwitchScopeKey, openKillSwitchRecord } from './kill-switch-records.js';
export {
  DEFAULT_FORCE_AFTER_MS,
  DEFAULT_POLL_MS,
  DEFAULT_SETTLE_MS,
  stopWorkflows,
  type NotStopped,
  type StopResult,
  type StopWorkflowsDeps,
  type StopWorkflowsRequest,
  type WorkflowStop,
} from './stop-workflows.js';
export { restoreWorkflows, type RestoredWorkflow, type RestoreResult } from './restore-workflows.js';
export { RECORD_VARIABLE, parseRecordVariable, variableRecordStore } from './variable-records.js';
export { KILL_VARIABLE, type VariableRestore } from './kill-variable.js';
export {
  KILL_COMMANDS,
  operateKillSwitch,
  VARIABLE_TOKEN_ADVICE,
  type Holder,
  type KillCommand,
  type KillSwitchCommand,
  type KillSwitchDeps,
  type KillSwitchReport,
} from './operate-kill-switch.js';
export { runKillSwitch, type KillSwitchSetup } from './run-kill-switch.js';
export { killSwitchSummary } from './kill-switch-summary.js';
export { notifyCiGuardViolation, type CiGuardNotice } from './ci-guard-notify.js';
