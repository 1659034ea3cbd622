import {
  ConfigurationError,
  describeStep,
  historyEntryId,
  orderSteps,
  rollbackPlanHash,
  type FileRestore,
  type JsonObject,
  type RollbackPlan,
  type RollbackPlanStep,
  type RollbackTrigger,
  type SecretLocation,
} from '@opsguard/core';
import {
  formatRepo,
  getBranchHead,
  getGitCommit,
  getGitTree,
  getSecret,
  isGitHubApiError,
  listUnfinishedRuns,
  listWorkflowRuns,
  listWorkflows,
  requireSecretsWrite,
  type GitHubRequester,
  type RepoRef,
  type Workflow,
} from '@opsguard/github';
import { ABSENT_VARIABLE, type RollbackDeps } from './rollback-deps.js';

/** What a person or a condition asks a rollback to do (validated settings, not yet read from GitHub). */
export interface RollbackRequest {
  readonly trigger: RollbackTrigger;
  /** The workflow (name, file name or id) to stop and whose last success is the good commit. */
  readonly workflow?: string | undefined;
  readonly stopWorkflow: boolean;
  /** `NAME` (repository) or `ENVIRONMENT/NAME`. */
  readonly secrets: readonly string[];
  readonly files: readonly string[];
  /** The commit to put the files back to; default the workflow's last success on the branch. */
  readonly goodCommit?: string | undefined;
  /** Default the repository's default branch. */
  readonly branch?: string | undefined;
  readonly reenableDisabled: boolean;
  readonly restoreVariables: boolean;
  /** The workflow file running this rollback (GITHUB_WORKFLOW_REF's path): it is never stopped. */
  readonly self?: string | null;
}

export interface PlannedRollback {
  readonly plan: RollbackPlan;
  readonly hash: string;
  /** One line per step, in order, for the job summary. */
  readonly lines: readonly string[];
}

/** `production/DEPLOY_KEY` → environment production, `DEPLOY_KEY` → the repository. */
export function secretRef(text: string): { readonly location: SecretLocation; readonly name: string } {
  const slash = text.lastIndexOf('/');
  return slash === -1
    ? { location: { kind: 'repository' }, name: text }
    : { location: { kind: 'environment', name: text.slice(0, slash) }, name: text.slice(slash + 1) };
}

function findWorkflow(workflows: readonly Workflow[], wanted: string): Workflow {
  const hit = workflows.find(
    (w) => w.name === wanted || String(w.id) === wanted || w.path === wanted || w.path.endsWith(`/${wanted}`),
  );
  if (!hit) {
    throw new ConfigurationError(
      `workflow "${wanted}" matches no workflow of the repository (known: ${workflows.map((w) => w.name).join(', ') || 'none'})`,
    );
  }
  return hit;
}

async function defaultBranchOf(client: GitHubRequester, repo: RepoRef): Promise<string> {
  const { data } = await client.request<{ default_branch: string }>('GET /repos/{owner}/{repo}', { ...repo });
  return data.default_branch;
}

async function lastGoodCommit(deps: RollbackDeps, workflow: Workflow, branch: string): Promise<string> {
  const [run] = await listWorkflowRuns(deps.client, deps.repo, {
    workflowId: workflow.id,
    branch,
    status: 'success',
    limit: 1,
  });
  if (!run) {
    throw new ConfigurationError(
      `workflow ${workflow.name} has no successful run on ${branch} to take the good commit from: give good-commit`,
    );
  }
  return run.head_sha;
}

async function treeFiles(
  deps: RollbackDeps,
  commitSha: string,
  what: string,
): Promise<Map<string, { sha: string; mode: string }>> {
  let commit;
  try {
    commit = await getGitCommit(deps.client, deps.repo, commitSha);
  } catch (error) {
    if (isGitHubApiError(error) && (error.status === 404 || error.status === 422))
      throw new ConfigurationError(`${what} ${commitSha} is not a commit of ${formatRepo(deps.repo)}`, {
        cause: error,
      });
    throw error;
  }
  const tree = await getGitTree(deps.client, deps.repo, commit.tree.sha, true);
  if (tree.truncated) throw new ConfigurationError(`the tree of ${what} ${commitSha} is too large for one read`);
  return new Map(tree.tree.filter((e) => e.type === 'blob').map((e) => [e.path, { sha: e.sha, mode: e.mode }]));
}

async function restoreStep(
  deps: RollbackDeps,
  request: RollbackRequest,
  branch: string,
  good: string,
): Promise<RollbackPlanStep | null> {
  const head = await getBranchHead(deps.client, deps.repo, branch);
  if (head === null) throw new ConfigurationError(`branch "${branch}" does not exist in ${formatRepo(deps.repo)}`);
  const [now, then] = await Promise.all([treeFiles(deps, head, 'branch head'), treeFiles(deps, good, 'good commit')]);
  const files: FileRestore[] = [];
  for (const path of request.files) {
    const current = now.get(path);
    const before = then.get(path);
    if (!current && !before)
      throw new ConfigurationError(`file "${path}" exists neither on ${branch} nor at ${good.slice(0, 7)}`);
    if (current?.sha === before?.sha) continue;
    files.push({
      path,
      mode: (before?.mode ?? current?.mode) === '100755' ? '100755' : '100644',
      currentSha: current?.sha ?? null,
      goodSha: before?.sha ?? null,
    });
  }
  return files.length === 0 ? null : { kind: 'restore-files', branch, headSha: head, goodCommit: good, files };
}

/** Re-enable and variable steps from what the kill switch recorded and has not yet restored. */
async function undoSteps(
  deps: RollbackDeps,
  request: RollbackRequest,
  stopped: number | undefined,
  workflows: readonly Workflow[],
): Promise<RollbackPlanStep[]> {
  if (!request.reenableDisabled && !request.restoreVariables) return [];
  const records = await deps.records.listRecords({ kind: 'kill-switch', repo: formatRepo(deps.repo) });
  const steps: RollbackPlanStep[] = [];
  const seen = new Set<string>();
  for (const record of records) {
    if (record.status === 'restored') continue;
    for (const [target, prior] of Object.entries(record.priorState)) {
      if (seen.has(target)) continue;
      seen.add(target);
      const [kind, key = ''] = [target.slice(0, target.indexOf(':')), target.slice(target.indexOf(':') + 1)];
      if (kind === 'workflow' && request.reenableDisabled && prior === 'active' && Number(key) !== stopped) {
        const workflow = workflows.find((w) => String(w.id) === key);
        // Only what is still disabled: a person may have turned it back on already.
        if (workflow && workflow.state !== 'active')
          steps.push({
            kind: 'enable-workflow',
            workflowId: workflow.id,
            workflowName: workflow.name,
            disabledBy: record.id,
          });
      }
      if (kind === 'variable' && request.restoreVariables) {
        steps.push({
          kind: 'restore-variable',
          name: key,
          value: prior === ABSENT_VARIABLE ? null : prior,
          changedBy: record.id,
        });
      }
    }
  }
  return steps;
}

/**
 * Reads what a rollback would change and returns the plan and its hash. Nothing is changed;
 * the plan is appended to the history (`planned`, with the plan itself) so `apply` can find it.
 * A request that names what does not exist fails here, with the field named.
 */
export async function planRollback(deps: RollbackDeps, request: RollbackRequest): Promise<PlannedRollback> {
  const workflows = await listWorkflows(deps.client, deps.repo);
  const workflow = request.workflow === undefined ? undefined : findWorkflow(workflows, request.workflow);
  const steps: RollbackPlanStep[] = [];
  if (request.stopWorkflow && workflow && request.self && workflow.path === request.self)
    throw new ConfigurationError(
      `workflow "${request.workflow ?? ''}" is ${request.self}, the workflow running this rollback: stopping it would cancel the rollback itself; run the rollback from another workflow, or set stop-workflow false`,
    );
  if (request.stopWorkflow && workflow) {
    const runs = await listUnfinishedRuns(deps.client, deps.repo, workflow.id);
    steps.push({
      kind: 'stop-workflow',
      workflowId: workflow.id,
      workflowName: workflow.name,
      priorState: workflow.state,
      runIds: runs.map((r) => Number(r.id)),
    });
  }
  const secrets = request.secrets.map(secretRef);
  if (secrets.length > 0) {
    await requireSecretsWrite(deps.client, deps.repo, uniqueLocations(secrets.map((s) => s.location)));
    for (const secret of secrets) {
      const found = await getSecret(deps.client, deps.repo, secret.name, secret.location);
      if (!found)
        throw new ConfigurationError(
          `secret "${secret.name}" does not exist${secret.location.kind === 'environment' ? ` in environment ${secret.location.name}` : ''}`,
        );
      steps.push({ kind: 'remove-secret', location: secret.location, name: found.name });
    }
  }
  if (request.files.length > 0) {
    const branch = request.branch ?? (await defaultBranchOf(deps.client, deps.repo));
    if (request.goodCommit === undefined && !workflow)
      throw new ConfigurationError(
        'restoring files needs good-commit, or a workflow whose last success is the good commit',
      );
    const good = request.goodCommit ?? (await lastGoodCommit(deps, workflow as Workflow, branch));
    const restore = await restoreStep(deps, request, branch, good);
    if (restore) steps.push(restore);
  }
  steps.push(...(await undoSteps(deps, request, workflow?.id, workflows)));
  const plan: RollbackPlan = {
    version: 1,
    repo: formatRepo(deps.repo),
    trigger: request.trigger,
    plannedAt: deps.now().toISOString(),
    plannedBy: deps.actor,
    steps: orderSteps(steps),
  };
  const hash = rollbackPlanHash(plan);
  const lines = plan.steps.map(describeStep);
  await deps.history.append({
    id: historyEntryId(hash, 'planned', null),
    at: plan.plannedAt,
    repo: plan.repo,
    planHash: hash,
    event: 'planned',
    step: null,
    actor: deps.actor,
    detail: lines.length === 0 ? 'nothing to roll back' : lines.join('; '),
    data: { plan: plan as unknown as JsonObject },
  });
  return { plan, hash, lines };
}

function uniqueLocations(locations: readonly SecretLocation[]): SecretLocation[] {
  const byKey = new Map(locations.map((l) => [l.kind === 'repository' ? '' : l.name, l]));
  return [...byKey.values()];
}
