import type { GitHubRequester } from './client-types.js';
import { isGitHubApiError } from './errors.js';
import type { RepoRef } from './repo.js';
import type { GitBlob, GitCommit, GitRef, GitTree, ShortBlob } from './schemas.js';

// The Git data API: what a rollback needs to put files back as a new commit on a branch without
// a clone and without ever forcing the branch (contents: write for the writes).

/** `branch` without `refs/heads/`. The ref's current commit sha, or null when the branch does not exist. */
export async function getBranchHead(client: GitHubRequester, repo: RepoRef, branch: string): Promise<string | null> {
  try {
    const { data } = await client.request<GitRef>('GET /repos/{owner}/{repo}/git/ref/{ref}', {
      ...repo,
      ref: `heads/${branch}`,
    });
    return data.object.sha;
  } catch (error) {
    if (isGitHubApiError(error) && error.status === 404) return null;
    throw error;
  }
}

export async function getGitCommit(client: GitHubRequester, repo: RepoRef, sha: string): Promise<GitCommit> {
  const { data } = await client.request<GitCommit>('GET /repos/{owner}/{repo}/git/commits/{commit_sha}', {
    ...repo,
    commit_sha: sha,
  });
  return data;
}

/** The whole tree when `recursive` (GitHub caps it; `truncated` says so). */
export async function getGitTree(
  client: GitHubRequester,
  repo: RepoRef,
  treeSha: string,
  recursive = true,
): Promise<GitTree> {
  const { data } = await client.request<GitTree>('GET /repos/{owner}/{repo}/git/trees/{tree_sha}', {
    ...repo,
    tree_sha: treeSha,
    ...(recursive && { recursive: '1' }),
  });
  return data;
}

export async function getGitBlob(client: GitHubRequester, repo: RepoRef, sha: string): Promise<GitBlob> {
  const { data } = await client.request<GitBlob>('GET /repos/{owner}/{repo}/git/blobs/{file_sha}', {
    ...repo,
    file_sha: sha,
  });
  return data;
}

/** Stores `content` (UTF-8 text) as a blob; returns its sha. */
export async function createGitBlob(client: GitHubRequester, repo: RepoRef, content: string): Promise<string> {
  const { data } = await client.request<ShortBlob>('POST /repos/{owner}/{repo}/git/blobs', {
    ...repo,
    content,
    encoding: 'utf-8',
  });
  return data.sha;
}

/** One path to change in a new tree: a blob sha to put there, or null to remove the file. */
export interface TreeChange {
  readonly path: string;
  readonly mode: '100644' | '100755';
  readonly sha: string | null;
}

/** A new tree: `baseTree` with `changes` applied. Returns its sha. */
export async function createGitTree(
  client: GitHubRequester,
  repo: RepoRef,
  baseTree: string,
  changes: readonly TreeChange[],
): Promise<string> {
  const { data } = await client.request<GitTree>('POST /repos/{owner}/{repo}/git/trees', {
    ...repo,
    base_tree: baseTree,
    tree: changes.map((c) => ({ path: c.path, mode: c.mode, type: 'blob', sha: c.sha })),
  });
  return data.sha;
}

export async function createGitCommit(
  client: GitHubRequester,
  repo: RepoRef,
  commit: { readonly message: string; readonly tree: string; readonly parents: readonly string[] },
): Promise<string> {
  const { data } = await client.request<GitCommit>('POST /repos/{owner}/{repo}/git/commits', {
    ...repo,
    message: commit.message,
    tree: commit.tree,
    parents: commit.parents,
  });
  return data.sha;
}

/**
 * Moves `branch` to `sha`, never forced: GitHub answers 422 "Update is not a fast forward" when
 * the branch moved past the new commit's parent, so nobody's push is ever overwritten.
 */
export async function updateBranch(client: GitHubRequester, repo: RepoRef, branch: string, sha: string): Promise<void> {
  await client.request('PATCH /repos/{owner}/{repo}/git/refs/{ref}', {
    ...repo,
    ref: `heads/${branch}`,
    sha,
    force: false,
  });
}
