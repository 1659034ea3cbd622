import {
  ConfigurationError,
  isConfigurationError,
  rollbackPlanHash,
  type Guarantee,
  type RollbackHistoryEntry,
  type RollbackPlan,
  type RollbackRules,
  type RollbackTrigger,
  type StoreSelection,
} from '@opsguard/core';
import { formatRepo, getRepoVariable, isGitHubApiError, type RepoRef } from '@opsguard/github';
import { MemoryRollbackRecordStore, type RollbackRecordStore, type Store } from '@opsguard/store';
import type { KillVariableSetting } from '../brake-reader.js';
import type { Clock } from '../clock.js';
import { selfWorkflowPath } from '../killswitch/covered-workflows.js';
import { parseRecordVariable, RECORD_VARIABLE } from '../killswitch/variable-records.js';
import { createRuntime, type Runtime } from '../runtime.js';
import { applyRollback, findPlan, type AppliedRollback } from './apply-rollback.js';
import { planRollback, type PlannedRollback, type RollbackRequest } from './plan-rollback.js';
import { rollbackDepsOf } from './rollback-runtime.js';

/** The steps a person asks for; an absent switch takes the rules' default (config/rollback-rules.json). */
export interface RollbackStepsInput {
  readonly workflow?: string | undefined;
  readonly stopWorkflow?: boolean | undefined;
  readonly secrets: readonly string[];
  readonly files: readonly string[];
  readonly goodCommit?: string | undefined;
  readonly branch?: string | undefined;
  readonly reenableDisabled?: boolean | undefined;
  readonly restoreVariables?: boolean | undefined;
}

/** The request a plan is made from: the rules' defaults with what was asked on top. */
export function rollbackRequestOf(
  rules: RollbackRules,
  trigger: RollbackTrigger,
  input: RollbackStepsInput,
): RollbackRequest {
  return {
    trigger,
    workflow: input.workflow,
    stopWorkflow: input.stopWorkflow ?? rules.steps.stopWorkflow,
    secrets: [...new Set([...rules.steps.removeSecrets, ...input.secrets])],
    files: [...new Set([...rules.steps.restoreFiles, ...input.files])],
    goodCommit: input.goodCommit,
    branch: input.branch,
    reenableDisabled: input.reenableDisabled ?? rules.steps.reenableDisabled,
    restoreVariables: input.restoreVariables ?? rules.steps.restoreVariables,
  };
}

export type RollbackOperation =
  | { readonly command: 'plan'; readonly trigger: RollbackTrigger; readonly steps: RollbackStepsInput }
  /** `plan`: the plan file's plan (store-less); absent = the one the store's history holds. */
  | { readonly command: 'apply'; readonly planHash: string; readonly plan?: RollbackPlan | undefined }
  | { readonly command: 'history' };

export interface RollbackSetup {
  readonly repo: RepoRef;
  readonly token: string;
  readonly apiUrl?: string | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly store: Store | StoreSelection;
  readonly cwd: string;
  readonly killVariable: KillVariableSetting;
  readonly rulesFile?: string | undefined;
  readonly timeBudgetMs?: number | undefined;
  /** The stop step force-cancels what still runs this long after the cancel (default 120 s). */
  readonly forceAfterMs?: number | undefined;
  readonly clock?: Clock;
  readonly paceRequests?: boolean;
  readonly githubRetryBaseMs?: number;
  readonly actor: string;
  /** The name the plan's hash goes by where the user gives it (`plan-sha256`, `--plan-hash`). */
  readonly hashField: string;
  readonly log: (line: string) => void;
}

export interface RollbackReport {
  readonly command: RollbackOperation['command'];
  /** Where the plan, the record and the history live: the store, or this job only. */
  readonly holder: 'store' | 'job';
  readonly planned: PlannedRollback | null;
  readonly applied: AppliedRollback | null;
  readonly history: readonly RollbackHistoryEntry[];
  readonly guarantees: readonly Guarantee[];
  /** What this run could not see or keep (store-less), for the job summary. */
  readonly notes: readonly string[];
}

/**
 * Without a store the kill switch keeps its records in the OPSGUARD_KILL_RECORD variable: they
 * are read (never written) here, so a plan can re-enable what it disabled. A token that may not
 * read variables sees none, and the summary says so.
 */
async function storelessRecords(runtime: Runtime, repo: RepoRef, notes: string[]): Promise<RollbackRecordStore> {
  const memory = new MemoryRollbackRecordStore();
  try {
    for (const record of parseRecordVariable(await getRepoVariable(runtime.client, repo, RECORD_VARIABLE)))
      memory.load(record);
  } catch (error) {
    if (!(isGitHubApiError(error) && (error.status === 403 || error.status === 404))) throw error;
    notes.push(
      `the kill switch's records (${RECORD_VARIABLE}) are not readable with this token: nothing it disabled is re-enabled by this plan`,
    );
  }
  return memory;
}

/** The plan to apply: the plan file's (its hash checked here) or the store's, by hash. */
async function planToApply(
  op: Extract<RollbackOperation, { command: 'apply' }>,
  history: Parameters<typeof findPlan>[0],
  field: string,
  repo: string,
): Promise<RollbackPlan> {
  if (op.plan !== undefined) {
    if (op.plan.repo !== repo)
      throw new ConfigurationError(`the plan file is a plan for ${op.plan.repo}, not ${repo}: nothing was changed`);
    const actual = rollbackPlanHash(op.plan);
    if (actual !== op.planHash)
      throw new ConfigurationError(
        `${field} does not match the plan file: it hashes to ${actual}, not ${op.planHash}; apply only the plan you reviewed`,
      );
    return op.plan;
  }
  try {
    return await findPlan(history, op.planHash);
  } catch (error) {
    if (isConfigurationError(error)) throw new ConfigurationError(`${field}: ${error.message}`, { cause: error });
    throw error;
  }
}

/** The composition root of the rollback action: runtime, rules, then plan, apply or history. */
export async function runRollback(setup: RollbackSetup, op: RollbackOperation): Promise<RollbackReport> {
  const runtime = await createRuntime({
    repo: setup.repo,
    token: setup.token,
    apiUrl: setup.apiUrl,
    env: setup.env,
    cwd: setup.cwd,
    store: setup.store,
    killVariable: setup.killVariable,
    actor: setup.actor,
    log: setup.log,
    policyFiles: { rollbackRules: setup.rulesFile },
    ...(setup.clock !== undefined && { clock: setup.clock }),
    ...(setup.paceRequests !== undefined && { paceRequests: setup.paceRequests }),
    ...(setup.githubRetryBaseMs !== undefined && { githubRetryBaseMs: setup.githubRetryBaseMs }),
    ...(setup.timeBudgetMs !== undefined && { timeBudgetMs: setup.timeBudgetMs }),
  });
  try {
    const durable = runtime.store.kind !== 'runner';
    const notes: string[] = [];
    const base = rollbackDepsOf(
      runtime,
      setup.repo,
      setup.actor,
      setup.log,
      setup.forceAfterMs === undefined ? {} : { forceAfterMs: setup.forceAfterMs },
    );
    const report = {
      command: op.command,
      holder: durable ? ('store' as const) : ('job' as const),
      guarantees: runtime.guarantees,
      notes,
    };
    if (op.command === 'history') {
      if (!durable)
        throw new ConfigurationError(
          'command history reads the rollback history from the store: give supabase-url + supabase-key or database-url',
        );
      const history = await base.history.list({ repo: formatRepo(setup.repo) });
      return { ...report, planned: null, applied: null, history };
    }
    const deps = durable ? base : { ...base, records: await storelessRecords(runtime, setup.repo, notes) };
    if (op.command === 'plan') {
      const planned = await planRollback(deps, {
        ...rollbackRequestOf(runtime.rollbackRules, op.trigger, op.steps),
        self: selfWorkflowPath(setup.env['GITHUB_WORKFLOW_REF']),
      });
      if (!durable)
        notes.push('no store: the plan is kept in the plan file only; apply it with plan-file and plan-sha256');
      return { ...report, planned, applied: null, history: [] };
    }
    const plan = await planToApply(op, deps.history, setup.hashField, formatRepo(setup.repo));
    if (!durable)
      notes.push('no store: the rollback record lives in this job; a second apply reads each step back instead');
    const applied = await applyRollback(deps, plan, op.planHash);
    return { ...report, planned: null, applied, history: [] };
  } finally {
    await runtime.close();
  }
}
