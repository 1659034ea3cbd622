import type { GitHubRequester } from './client-types.js';
import { isGitHubApiError } from './errors.js';
import type { RepoRef } from './repo.js';
import type { RepoVariable } from './schemas.js';

/**
 * A repository variable's value, or null when it is not set. The kill switch reads
 * `OPSGUARD_KILL` this way, so the brake works with the store down. Any other failure throws:
 * a caller that fails closed must not mistake "could not read" for "not set".
 */
export async function getRepoVariable(client: GitHubRequester, repo: RepoRef, name: string): Promise<string | null> {
  try {
    const { data } = await client.request<RepoVariable>('GET /repos/{owner}/{repo}/actions/variables/{name}', {
      ...repo,
      name,
    });
    return data.value;
  } catch (error) {
    if (isGitHubApiError(error) && error.status === 404) return null;
    throw error;
  }
}

/** Whether a write created the variable or changed an existing one. */
export type VariableWrite = 'created' | 'updated';

/**
 * Sets a repository variable: PATCH when it exists, else POST (a 409 from a concurrent creator
 * turns into one PATCH). Needs a fine-grained token or App with Variables: write; GITHUB_TOKEN
 * cannot (403 "Resource not accessible by integration").
 */
export async function setRepoVariable(
  client: GitHubRequester,
  repo: RepoRef,
  name: string,
  value: string,
): Promise<VariableWrite> {
  const update = () => client.request('PATCH /repos/{owner}/{repo}/actions/variables/{name}', { ...repo, name, value });
  try {
    await update();
    return 'updated';
  } catch (error) {
    if (!isGitHubApiError(error) || error.status !== 404) throw error;
  }
  try {
    await client.request('POST /repos/{owner}/{repo}/actions/variables', { ...repo, name, value });
    return 'created';
  } catch (error) {
    if (!isGitHubApiError(error) || error.status !== 409) throw error;
    await update();
    return 'updated';
  }
}

interface VariablesPage {
  readonly total_count: number;
  readonly variables: RepoVariable[];
}

const VARIABLES_PER_PAGE = 30;

/** Every repository variable (Variables: read); GitHub pages them 30 at most. */
export async function listRepoVariables(client: GitHubRequester, repo: RepoRef): Promise<RepoVariable[]> {
  const all: RepoVariable[] = [];
  for (let page = 1; ; page += 1) {
    const { data } = await client.request<VariablesPage>('GET /repos/{owner}/{repo}/actions/variables', {
      ...repo,
      per_page: VARIABLES_PER_PAGE,
      page,
    });
    all.push(...data.variables);
    if (data.variables.length < VARIABLES_PER_PAGE || all.length >= data.total_count) return all;
  }
}

/** Deletes a repository variable; false when it did not exist (Variables: write). */
export async function deleteRepoVariable(client: GitHubRequester, repo: RepoRef, name: string): Promise<boolean> {
  try {
    await client.request('DELETE /repos/{owner}/{repo}/actions/variables/{name}', { ...repo, name });
    return true;
  } catch (error) {
    if (isGitHubApiError(error) && error.status === 404) return false;
    throw error;
  }
}
