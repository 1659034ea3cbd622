// The restore record: written before the first change of a shutdown, updated after each step,
// and read by recovery (which updates it too, so a second recovery resumes where one stopped).
import type { PlannedDistribution, PlannedFunction, PlannedInstance, ShutdownPlan } from './shutdown-plan.js';

export type StepStatus = 'done' | 'failed' | 'skipped';

export interface RestoreStep {
  /** `shutdown:lambda-concurrency`, `recovery:ec2-start`, … */
  readonly phase: string;
  /** The resource's ARN. */
  readonly resource: string;
  readonly status: StepStatus;
  readonly at: string;
  readonly detail?: string;
}

export type RestoreRecordStatus =
  'shutdown-in-progress' | 'shut-down' | 'recovery-in-progress' | 'recovery-failed' | 'recovered';

export interface RestoreRecord {
  readonly kind: 'opsguard.aws-restore-record';
  readonly version: 1;
  /** The plan's SHA-256: the record's identity. */
  readonly planSha256: string;
  readonly account: string;
  readonly region: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly status: RestoreRecordStatus;
  readonly prior: {
    readonly functions: readonly PlannedFunction[];
    readonly instances: readonly PlannedInstance[];
    readonly distributions: readonly PlannedDistribution[];
  };
  readonly steps: readonly RestoreStep[];
}

export function newRestoreRecord(plan: ShutdownPlan, now: Date): RestoreRecord {
  return {
    kind: 'opsguard.aws-restore-record',
    version: 1,
    planSha256: plan.sha256,
    account: plan.account,
    region: plan.region,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    status: 'shutdown-in-progress',
    prior: { functions: plan.functions, instances: plan.instances, distributions: plan.distributions },
    steps: [],
  };
}

export function withRestoreStep(record: RestoreRecord, step: Omit<RestoreStep, 'at'>, now: Date): RestoreRecord {
  const at = now.toISOString();
  return { ...record, updatedAt: at, steps: [...record.steps, { ...step, at }] };
}

export function withRestoreStatus(record: RestoreRecord, status: RestoreRecordStatus, now: Date): RestoreRecord {
  return { ...record, status, updatedAt: now.toISOString() };
}

/** Whether recovery already completed this step for this resource (a resumed run skips it). */
export function recoveryDone(record: RestoreRecord, phase: string, resource: string): boolean {
  return record.steps.some((s) => s.phase === phase && s.resource === resource && s.status !== 'failed');
}
