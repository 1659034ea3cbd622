import type { components } from '@octokit/openapi-types';

/** GitHub's own REST schemas (openapi-types), so records match what the API returns. */
type Schemas = components['schemas'];

export type WorkflowRun = Schemas['workflow-run'];
export type Job = Schemas['job'];
export type JobStep = NonNullable<Job['steps']>[number];
export type CheckAnnotation = Schemas['check-annotation'];
export type Workflow = Schemas['workflow'];
export type Issue = Schemas['issue'];
export type IssueComment = Schemas['issue-comment'];
export type RepoVariable = Schemas['actions-variable'];
export type SimpleUser = Schemas['simple-user'];
export type MinimalRepository = Schemas['minimal-repository'];

/** Ids arrive as numbers (json-with-bigint only makes bigints beyond 2^53); both are accepted. */
export type GitHubId = number | bigint;
export type GitRef = Schemas['git-ref'];
export type GitCommit = Schemas['git-commit'];
export type GitTree = Schemas['git-tree'];
export type GitTreeEntry = GitTree['tree'][number];
export type GitBlob = Schemas['blob'];
export type ShortBlob = Schemas['short-blob'];
export type ActionsPublicKey = Schemas['actions-public-key'];
export type ActionsSecret = Schemas['actions-secret'];
