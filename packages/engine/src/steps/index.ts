export { runUrlOf, type Gap, type StepContext } from './step-context.js';
export { collectStep, type CollectStepOptions, type CollectStepResult } from './collect.js';
export {
  retryStep,
  retryEngineDepsOf,
  DEFAULT_SWEEP_WINDOW_HOURS,
  type RetryStepOptions,
  type RetryStepResult,
} from './retry.js';
export { labelStep, type LabelStepResult } from './label.js';
export { kpiStep, type KpiStepResult } from './kpi.js';
export { detectStep, type DetectStepResult } from './detect.js';
export { notifyStep, type KillSwitchActivated, type NotifyStepOptions, type NotifyStepResult } from './notify.js';
export { artifactsStep, bundleStep, bundleDirOf, type BundleStepInput } from './bundle.js';
export {
  ticketStep,
  attemptEvidenceOf,
  logTailsOf,
  killSwitchHistory,
  type AuditTicketSettings,
  type TicketStepInput,
} from './tickets.js';
export { KILL_DISPATCH_EVENT } from './notify.js';
