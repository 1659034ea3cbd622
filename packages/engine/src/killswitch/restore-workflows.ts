import type { RollbackRecord, RollbackStep } from '@opsguard/core';
import { getWorkflow, listWorkflows, type Workflow } from '@opsguard/github';
import { brakeCall } from './brake-calls.js';
import type { StopWorkflowsDeps } from './stop-workflows.js';

export interface RestoredWorkflow {
  readonly id: number;
  readonly name: string;
  /** `enabled` by this restore; `already-active`; `left-disabled` (it was disabled before); `failed`. */
  readonly outcome: 'enabled' | 'already-active' | 'left-disabled' | 'failed' | 'missing' | 'dry-run';
  readonly detail: string | null;
}

export interface RestoreResult {
  readonly recordId: string;
  readonly workflows: readonly RestoredWorkflow[];
  /** Read back: every workflow that was active before is active again. */
  readonly verified: boolean;
}

const WORKFLOW_KEY = /^workflow:(\d+)$/;

/**
 * `deactivate --restore`: re-enables exactly the workflows the record says were active before the
 * kill switch, and nothing a person had disabled before; reads each back; the record becomes
 * `restored` once all are active again (else it stays, and a second run finishes it).
 */
export async function restoreWorkflows(
  deps: StopWorkflowsDeps,
  record: RollbackRecord,
  options: { readonly dryRun?: boolean } = {},
): Promise<RestoreResult> {
  const dryRun = options.dryRun === true;
  const byId = new Map<number, Workflow>((await listWorkflows(deps.client, deps.repo)).map((w) => [Number(w.id), w]));
  const call = { client: deps.client, repo: deps.repo, guard: deps.guard, now: deps.now, dryRun };
  const workflows: RestoredWorkflow[] = [];
  let current = record;
  for (const [key, before] of Object.entries(record.priorState)) {
    const id = Number(WORKFLOW_KEY.exec(key)?.[1] ?? NaN);
    if (!Number.isFinite(id)) continue;
    const workflow = byId.get(id);
    const name = workflow?.name ?? key;
    if (before !== 'active') {
      workflows.push({ id, name, outcome: 'left-disabled', detail: `was ${before} before the kill switch` });
      continue;
    }
    if (!workflow) {
      workflows.push({ id, name, outcome: 'missing', detail: 'the workflow no longer exists' });
      continue;
    }
    if (workflow.state === 'active') {
      workflows.push({ id, name, outcome: 'already-active', detail: null });
      continue;
    }
    const result = await brakeCall(
      call,
      'enable-workflow',
      workflow,
      { kind: 'workflow' },
      `${record.id}:enable:${id}`,
    );
    let outcome: RestoredWorkflow['outcome'] =
      result.status === 'done' ? 'enabled' : result.status === 'skipped' ? 'dry-run' : 'failed';
    let detail = result.detail;
    if (outcome === 'enabled') {
      const state = (await getWorkflow(deps.client, deps.repo, id)).state;
      if (state !== 'active') [outcome, detail] = ['failed', `state is ${state} after enable`];
    }
    if (!dryRun) {
      const step: RollbackStep = {
        id: `enable:${id}`,
        kind: 'enable-workflow',
        target: key,
        status: outcome === 'failed' ? 'failed' : 'done',
        detail,
        at: deps.now().toISOString(),
      };
      current = await deps.records.recordStep(record.id, step, deps.now());
    }
    workflows.push({ id, name, outcome, detail });
  }
  const verified = workflows.every((w) => w.outcome !== 'failed' && w.outcome !== 'dry-run');
  if (!dryRun && verified) await deps.records.setStatus(current.id, 'restored', deps.now());
  return { recordId: record.id, workflows, verified };
}
