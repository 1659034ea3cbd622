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
