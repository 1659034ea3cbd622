import type { BundleResult } from '@opsguard/evidence';
import { isGitHubApiError, type GitHubRequester, type RepoRef } from '@opsguard/github';
import { readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

export interface CommitBundleOptions {
  readonly repo: RepoRef;
  readonly branch: string;
  readonly bundle: BundleResult;
  /** Paths in the repository are the bundle's path relative to this folder. */
  readonly cwd: string;
  readonly log: (line: string) => void;
  /** The runtime's client (timeouts, the budget, request counts). */
  readonly client: GitHubRequester;
  /** How often to rebuild the commit on a moved branch. */
  readonly maxConflicts?: number;
}

interface Ref {
  readonly object: { readonly sha: string };
}

async function headOf(client: GitHubRequester, repo: RepoRef, branch: string): Promise<string | null> {
  try {
    const { data } = await client.request<Ref>('GET /repos/{owner}/{repo}/git/ref/{ref}', {
      ...repo,
      ref: `heads/${branch}`,
    });
    return data.object.sha;
  } catch (error) {
    if (isGitHubApiError(error) && error.status === 404) return null;
    throw error;
  }
}

/**
 * Commits the bundle to a branch (callers pass it through the guard: publish-evidence.ts) with the Git data API: blobs → a tree on the branch's head →
 * a commit → a NON-forced ref update. When another run moved the branch meanwhile, GitHub
 * refuses the update (422) and the commit is rebuilt on the new head, so concurrent runs never
 * overwrite each other. Blobs are content-addressed: uploading one twice is harmless.
 */
export async function commitBundle(
  options: CommitBundleOptions,
): Promise<{ readonly sha: string; readonly attempts: number }> {
  const client = options.client;
  const { repo, branch } = options;
  const prefix = relative(options.cwd, options.bundle.dir).split(sep).join('/');
  const tree = [];
  for (const file of options.bundle.files) {
    const content = await readFile(join(options.bundle.dir, file.path));
    const { data } = await client.request<{ sha: string }>('POST /repos/{owner}/{repo}/git/blobs', {
      ...repo,
      content: content.toString('base64'),
      encoding: 'base64',
    });
    tree.push({ path: `${prefix}/${file.path}`, mode: '100644', type: 'blob', sha: data.sha });
  }
  const maxConflicts = options.maxConflicts ?? 5;
  for (let attempt = 1; ; attempt++) {
    let head = await headOf(client, repo, branch);
    if (head === null) {
      const { data: info } = await client.request<{ default_branch: string }>('GET /repos/{owner}/{repo}', { ...repo });
      head = await headOf(client, repo, info.default_branch);
      if (head === null)
        throw new Error(`cannot commit the bundle: the default branch ${info.default_branch} has no commits`);
      try {
        await client.request('POST /repos/{owner}/{repo}/git/refs', {
          ...repo,
          ref: `refs/heads/${branch}`,
          sha: head,
        });
        options.log(`created branch ${branch} from ${info.default_branch}`);
      } catch (error) {
        // Another run created it first: start over on its head.
        if (isGitHubApiError(error) && error.status === 422 && attempt < maxConflicts) continue;
        throw error;
      }
    }
    const { data: parent } = await client.request<{ tree: { sha: string } }>(
      'GET /repos/{owner}/{repo}/git/commits/{commit_sha}',
      { ...repo, commit_sha: head },
    );
    const { data: newTree } = await client.request<{ sha: string }>('POST /repos/{owner}/{repo}/git/trees', {
      ...repo,
      base_tree: parent.tree.sha,
      tree,
    });
    const { data: commit } = await client.request<{ sha: string }>('POST /repos/{owner}/{repo}/git/commits', {
      ...repo,
      message: `OpsGuard evidence ${prefix}`,
      tree: newTree.sha,
      parents: [head],
    });
    try {
      await client.request('PATCH /repos/{owner}/{repo}/git/refs/{ref}', {
        ...repo,
        ref: `heads/${branch}`,
        sha: commit.sha,
        force: false,
      });
      options.log(`committed the bundle to ${branch}: ${commit.sha}`);
      return { sha: commit.sha, attempts: attempt };
    } catch (error) {
      const moved = isGitHubApiError(error) && error.status === 422;
      if (!moved || attempt >= maxConflicts) throw error;
      options.log(`${branch} moved while committing (attempt ${attempt}); rebuilding on the new head`);
    }
  }
}
