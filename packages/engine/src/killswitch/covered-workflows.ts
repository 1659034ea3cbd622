import { ConfigurationError, type KillSwitchScope } from '@opsguard/core';
import { formatRepo, type RepoRef, type Workflow } from '@opsguard/github';

/** Why a covered workflow is left running. */
export type SpareReason = 'self' | 'allow-list';

export interface CoveredWorkflows {
  readonly stop: readonly Workflow[];
  readonly spared: readonly { readonly workflow: Workflow; readonly why: SpareReason }[];
}

/**
 * The workflow file running this step, from GITHUB_WORKFLOW_REF
 * (`owner/repo/.github/workflows/killswitch.yml@refs/heads/main`); null outside a runner.
 */
export function selfWorkflowPath(workflowRef: string | undefined): string | null {
  if (workflowRef === undefined || workflowRef.trim() === '') return null;
  const match = /^[^/]+\/[^/]+\/(.+?)(?:@.*)?$/.exec(workflowRef.trim());
  return match?.[1] ?? null;
}

const fileOf = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** A workflow named by its name, its file name (`ci.yml`) or its path, or its numeric id. */
function names(workflow: Workflow, entry: string): boolean {
  return (
    workflow.name === entry ||
    workflow.path === entry ||
    fileOf(workflow.path) === entry ||
    String(workflow.id) === entry
  );
}

/** The service a workflow's guarded calls name: `github:owner/repo:Name` (as the retry engine does). */
export function workflowService(repo: RepoRef, workflow: Workflow): string {
  return `github:${formatRepo(repo)}:${workflow.name}`;
}

/**
 * Which workflows a kill switch covers: all for global; for service, the one its target names
 * (`github:owner/repo:Name`, or a name, file or path of this repository); none for an action
 * type, which stops no workflow. A service target naming nothing here is a user's mistake.
 * The workflow running the kill switch and those on the allow list are spared.
 */
export function coveredWorkflows(
  workflows: readonly Workflow[],
  scope: KillSwitchScope,
  target: string,
  repo: RepoRef,
  spare: { readonly self: string | null; readonly allow: readonly string[] },
): CoveredWorkflows {
  let covered: readonly Workflow[];
  if (scope === 'action') covered = [];
  else if (scope === 'global') covered = workflows;
  else {
    const prefix = `github:${formatRepo(repo)}:`;
    const name = target.startsWith(prefix) ? target.slice(prefix.length) : target;
    covered = target.startsWith('github:') && !target.startsWith(prefix) ? [] : workflows.filter((w) => names(w, name));
    if (covered.length === 0) {
      throw new ConfigurationError(
        `target "${target}" matches no workflow of ${formatRepo(repo)} (give github:${formatRepo(repo)}:NAME, a workflow name, or its file name; workflows: ${workflows.map((w) => w.name).join(', ') || 'none'})`,
      );
    }
  }
  const stop: Workflow[] = [];
  const spared: { workflow: Workflow; why: SpareReason }[] = [];
  for (const workflow of covered) {
    if (spare.self !== null && workflow.path === spare.self) spared.push({ workflow, why: 'self' });
    else if (spare.allow.some((entry) => names(workflow, entry))) spared.push({ workflow, why: 'allow-list' });
    else stop.push(workflow);
  }
  return { stop, spared };
}
