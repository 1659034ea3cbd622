import {
  statusFromSteps,
  workflowTarget,
  type KillSwitchScope,
  type RollbackRecord,
  type RollbackStep,
} from '@opsguard/core';
import {
  formatRepo,
  getWorkflow,
  listUnfinishedRuns,
  listWorkflows,
  type GitHubRequester,
  type RepoRef,
  type Workflow,
  type WorkflowRun,
} from '@opsguard/github';
import type { Guard } from '@opsguard/guard';
import type { RollbackRecordStore } from '@opsguard/store';
import { brakeCall, type BrakeAction, type BrakeCallResult } from './brake-calls.js';
import { coveredWorkflows, type SpareReason } from './covered-workflows.js';
import { openKillSwitchRecord, openOrCreateKillSwitchRecord, killSwitchScopeKey } from './kill-switch-records.js';

export const DEFAULT_FORCE_AFTER_MS = 120_000;
export const DEFAULT_POLL_MS = 10_000;
/** How long runs are watched after the force-cancels before what still runs is reported. */
export const DEFAULT_SETTLE_MS = 30_000;

export interface StopWorkflowsDeps {
  readonly client: GitHubRequester;
  readonly repo: RepoRef;
  /** The guard; every call is made as the brake's own (brakeGuard). */
  readonly guard: Guard;
  readonly records: RollbackRecordStore;
  readonly now: () => Date;
  /** Waits between polls (the job's budget sleep: bounded by its deadline). */
  readonly sleep: (ms: number) => Promise<void>;
  readonly log?: (line: string) => void;
}

export interface StopWorkflowsRequest {
  readonly scope: KillSwitchScope;
  readonly target: string;
  readonly reason: string;
  readonly actor: string;
  /** The workflow file running the kill switch (selfWorkflowPath(GITHUB_WORKFLOW_REF)). */
  readonly self: string | null;
  /** Names, file names or paths never stopped (config/kill-switch-rules.json `stop.allow`). */
  readonly allow: readonly string[];
  readonly forceAfterMs?: number;
  readonly pollMs?: number;
  readonly settleMs?: number;
  readonly dryRun?: boolean;
  /**
   * Record into this existing record (the rollback apply's, written before its first change)
   * instead of the kill switch's own; its steps are saved as `${stepPrefix}/disable:ID` and so on,
   * and its status is left to its owner.
   */
  readonly into?: { readonly recordId: string; readonly stepPrefix: string };
}

export interface WorkflowStop {
  readonly id: number;
  readonly name: string;
  readonly path: string;
  /** Its state before the kill switch first covered it. */
  readonly prior: string;
  /** disabled now by this switch; left as a person had disabled it; spared; or failed. */
  readonly outcome: 'disabled' | 'left-disabled' | 'failed' | 'dry-run' | `spared-${SpareReason}`;
}

export interface NotStopped {
  readonly target: string;
  readonly step: string;
  readonly message: string;
}

/** What the brake stopped, and what it could not: typed, for the summary and the notification. */
export interface StopResult {
  readonly recordId: string;
  readonly workflows: readonly WorkflowStop[];
  readonly cancelled: readonly number[];
  readonly forceCancelled: readonly number[];
  /** Runs of covered workflows still not finished when the bounded wait ended. */
  readonly stillRunning: readonly number[];
  readonly notStopped: readonly NotStopped[];
  /** Read back: every stopped workflow disabled and no covered run unfinished. */
  readonly verified: boolean;
  readonly dryRun: boolean;
}

const stepAt = (
  deps: StopWorkflowsDeps,
  id: string,
  kind: BrakeAction | 'verify',
  target: string,
  r: BrakeCallResult,
): RollbackStep => ({ id, kind, target, status: r.status, detail: r.detail, at: deps.now().toISOString() });

/**
 * The kill switch's stop (issue 10 item 1): disable the covered workflows, cancel their queued,
 * waiting and in-progress runs, force-cancel those still going after `forceAfterMs` (polled every
 * `pollMs`), never the workflow running the kill switch nor the allow list. The rollback record
 * with each workflow's prior state is written BEFORE the first change and updated after each
 * step; a second run finds the same record and finishes what the first could not.
 */
export async function stopWorkflows(deps: StopWorkflowsDeps, request: StopWorkflowsRequest): Promise<StopResult> {
  const dryRun = request.dryRun === true;
  const repo = formatRepo(deps.repo);
  const covered = coveredWorkflows(
    await listWorkflows(deps.client, deps.repo),
    request.scope,
    request.target,
    deps.repo,
    {
      self: request.self,
      allow: request.allow,
    },
  );
  const seen = Object.fromEntries(covered.stop.map((w) => [workflowTarget(w.id), w.state]));
  let record = request.into
    ? await intoRecord(deps, request.into.recordId, seen)
    : await killSwitchRecord(deps, request, repo, seen, dryRun);
  const recordId = record?.id ?? 'dry-run';
  const prior = record?.priorState ?? seen;
  const prefix = request.into ? `${request.into.stepPrefix}/` : '';
  const save = async (step: RollbackStep): Promise<void> => {
    if (record) record = await deps.records.recordStep(record.id, { ...step, id: prefix + step.id }, deps.now());
  };
  const call = { client: deps.client, repo: deps.repo, guard: deps.guard, now: deps.now, dryRun };
  const notStopped: NotStopped[] = [];
  const failed = (step: RollbackStep) => {
    if (step.status === 'failed') notStopped.push({ target: step.target, step: step.kind, message: step.detail ?? '' });
  };

  const workflows: WorkflowStop[] = covered.spared.map(({ workflow, why }) => ({
    ...identity(workflow),
    prior: workflow.state,
    outcome: `spared-${why}` as const,
  }));
  for (const workflow of covered.stop) {
    const before = prior[workflowTarget(workflow.id)] ?? workflow.state;
    if (before !== 'active') {
      // A person disabled it before the kill switch: left alone, and never re-enabled by --restore.
      workflows.push({ ...identity(workflow), prior: before, outcome: 'left-disabled' });
      continue;
    }
    const result =
      workflow.state === 'active'
        ? await brakeCall(
            call,
            'disable-workflow',
            workflow,
            { kind: 'workflow' },
            `${recordId}:disable:${workflow.id}`,
          )
        : { status: 'done' as const, detail: 'already disabled by this kill switch' };
    const step = stepAt(deps, `disable:${workflow.id}`, 'disable-workflow', workflowTarget(workflow.id), result);
    await save(step);
    failed(step);
    workflows.push({
      ...identity(workflow),
      prior: before,
      outcome: result.status === 'done' ? 'disabled' : result.status === 'skipped' ? 'dry-run' : 'failed',
    });
  }

  const runs = await stopRuns(deps, request, covered.stop, call, save, failed, dryRun);
  const verified = dryRun ? false : await verify(deps, covered.stop, workflows, runs.stillRunning, notStopped);
  if (record) {
    await save(
      stepAt(deps, 'verify', 'verify', repo, {
        status: verified ? 'done' : 'failed',
        detail: verified ? null : `${notStopped.length} not stopped`,
      }),
    );
    const current: RollbackRecord = record;
    if (!request.into) record = await deps.records.setStatus(current.id, statusFromSteps(current.steps), deps.now());
  }
  return { recordId, workflows, ...runs, notStopped, verified, dryRun };
}

/** The kill switch's own record: the open one of this scope (finished, not restarted), else a new one. */
async function killSwitchRecord(
  deps: StopWorkflowsDeps,
  request: StopWorkflowsRequest,
  repo: string,
  seen: Readonly<Record<string, string>>,
  dryRun: boolean,
): Promise<RollbackRecord | null> {
  if (dryRun) {
    const open = await openKillSwitchRecord(deps.records, repo, killSwitchScopeKey(request.scope, request.target));
    return open ? deps.records.mergePriorState(open.id, seen, deps.now()) : null;
  }
  const { scope, target, reason, actor } = request;
  return openOrCreateKillSwitchRecord(deps.records, { repo, scope, target, reason, actor, prior: seen }, deps.now());
}

/** Another engine's record, which must exist before the first change (its first prior states stand). */
async function intoRecord(
  deps: StopWorkflowsDeps,
  recordId: string,
  seen: Readonly<Record<string, string>>,
): Promise<RollbackRecord> {
  if ((await deps.records.getRecord(recordId)) === null)
    throw new Error(`rollback record ${recordId} must be written before the stop`);
  return deps.records.mergePriorState(recordId, seen, deps.now());
}

function identity(workflow: Workflow) {
  return { id: workflow.id, name: workflow.name, path: workflow.path };
}

/** The covered workflows' unfinished runs: one listing per status (per workflow when only one). */
async function unfinished(deps: StopWorkflowsDeps, workflows: readonly Workflow[]) {
  if (workflows.length === 0) return [];
  const byId = new Map(workflows.map((w) => [Number(w.id), w]));
  const only = workflows.length === 1 ? workflows[0]?.id : undefined;
  const runs: { run: WorkflowRun; workflow: Workflow }[] = [];
  for (const run of await listUnfinishedRuns(deps.client, deps.repo, only)) {
    const workflow = byId.get(Number(run.workflow_id));
    if (workflow) runs.push({ run, workflow });
  }
  return runs;
}

/** Cancel, poll until `forceAfterMs`, force-cancel what still runs, poll until `settleMs`. */
async function stopRuns(
  deps: StopWorkflowsDeps,
  request: StopWorkflowsRequest,
  workflows: readonly Workflow[],
  call: Parameters<typeof brakeCall>[0],
  save: (step: RollbackStep) => Promise<void>,
  failed: (step: RollbackStep) => void,
  dryRun: boolean,
): Promise<Pick<StopResult, 'cancelled' | 'forceCancelled' | 'stillRunning'>> {
  const forceAfterMs = request.forceAfterMs ?? DEFAULT_FORCE_AFTER_MS;
  const pollMs = Math.max(1, request.pollMs ?? DEFAULT_POLL_MS);
  const settleMs = request.settleMs ?? DEFAULT_SETTLE_MS;
  const cancelled: number[] = [];
  const forceCancelled: number[] = [];
  const key = (kind: string, runId: number) => `${call.dryRun ? 'dry-run' : ''}${kind}:${runId}`;
  const act = async (kind: 'cancel-run' | 'force-cancel-run', run: WorkflowRun, workflow: Workflow) => {
    const runId = Number(run.id);
    const id = `${kind === 'cancel-run' ? 'cancel' : 'force-cancel'}:${runId}`;
    const result = await brakeCall(call, kind, workflow, { kind: 'run', runId }, key(id, runId));
    const step = stepAt(deps, id, kind, `run:${runId}`, result);
    await save(step);
    if (result.status === 'done') (kind === 'cancel-run' ? cancelled : forceCancelled).push(runId);
    return step;
  };
  const pending = new Map<number, RollbackStep>();
  for (const { run, workflow } of await unfinished(deps, workflows)) {
    const step = await act('cancel-run', run, workflow);
    if (step.status === 'failed') pending.set(Number(run.id), step);
  }
  if (dryRun) return { cancelled, forceCancelled, stillRunning: [] };
  const waitUntil = async (deadline: number) => {
    let left = await unfinished(deps, workflows);
    while (left.length > 0 && deps.now().getTime() < deadline) {
      await deps.sleep(Math.min(pollMs, Math.max(1, deadline - deps.now().getTime())));
      left = await unfinished(deps, workflows);
    }
    return left;
  };
  const start = deps.now().getTime();
  const running = await waitUntil(start + forceAfterMs);
  for (const { run, workflow } of running) {
    const step = await act('force-cancel-run', run, workflow);
    if (step.status === 'done') pending.delete(Number(run.id));
    else pending.set(Number(run.id), step);
  }
  const left = running.length === 0 ? [] : await waitUntil(deps.now().getTime() + settleMs);
  for (const step of pending.values()) failed(step);
  return { cancelled, forceCancelled, stillRunning: left.map(({ run }) => Number(run.id)) };
}

/** Read back: each workflow this switch disabled shows disabled, and no covered run is unfinished. */
async function verify(
  deps: StopWorkflowsDeps,
  stopped: readonly Workflow[],
  outcomes: readonly WorkflowStop[],
  stillRunning: readonly number[],
  notStopped: NotStopped[],
): Promise<boolean> {
  let ok = true;
  for (const workflow of stopped) {
    const outcome = outcomes.find((o) => o.id === workflow.id)?.outcome;
    if (outcome !== 'disabled') {
      if (outcome === 'failed') ok = false;
      continue;
    }
    const state = (await getWorkflow(deps.client, deps.repo, workflow.id)).state;
    if (state !== 'disabled_manually') {
      ok = false;
      notStopped.push({
        target: workflowTarget(workflow.id),
        step: 'verify',
        message: `state is ${state} after disable`,
      });
    }
  }
  for (const runId of stillRunning) {
    ok = false;
    notStopped.push({ target: `run:${runId}`, step: 'verify', message: 'still running after force-cancel' });
  }
  deps.log?.(
    ok
      ? `kill switch: verified (${stopped.length} workflow(s) covered, none running)`
      : `kill switch: ${notStopped.length} not stopped`,
  );
  return ok && notStopped.length === 0;
}
