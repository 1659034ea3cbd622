import { ConfigurationError } from '@opsguard/core';
import type { GitHubRequester } from './client-types.js';
import { isGitHubApiError } from './errors.js';
import { collectPages } from './paginate.js';
import type { RepoRef } from './repo.js';
import type { ActionsPublicKey, ActionsSecret } from './schemas.js';

// Actions secrets of a repository or of one of its environments. Values are write-only: these
// calls see names and dates only, and a deleted secret can be re-issued but never restored.

/** Where a secret lives: the repository, or one environment of it. */
export type SecretScope = { readonly kind: 'repository' } | { readonly kind: 'environment'; readonly name: string };

function base(scope: SecretScope): string {
  return scope.kind === 'repository'
    ? '/repos/{owner}/{repo}/actions/secrets'
    : '/repos/{owner}/{repo}/environments/{environment_name}/secrets';
}

function params(repo: RepoRef, scope: SecretScope): Record<string, string> {
  return scope.kind === 'repository' ? { ...repo } : { ...repo, environment_name: scope.name };
}

/** The key secrets are sealed with; reading it needs Secrets: read, which GITHUB_TOKEN never has. */
export async function getSecretsPublicKey(
  client: GitHubRequester,
  repo: RepoRef,
  scope: SecretScope = { kind: 'repository' },
): Promise<ActionsPublicKey> {
  const { data } = await client.request<ActionsPublicKey>(`GET ${base(scope)}/public-key`, params(repo, scope));
  return data;
}

interface SecretsPage {
  readonly total_count: number;
  readonly secrets: ActionsSecret[];
}

export async function listSecrets(
  client: GitHubRequester,
  repo: RepoRef,
  scope: SecretScope = { kind: 'repository' },
): Promise<ActionsSecret[]> {
  return collectPages(async (page, perPage) => {
    const { data } = await client.request<SecretsPage>(`GET ${base(scope)}`, {
      ...params(repo, scope),
      per_page: perPage,
      page,
    });
    return { items: data.secrets, totalCount: data.total_count };
  });
}

/** The secret's name and dates, or null when it does not exist (the read-back after a delete). */
export async function getSecret(
  client: GitHubRequester,
  repo: RepoRef,
  name: string,
  scope: SecretScope = { kind: 'repository' },
): Promise<ActionsSecret | null> {
  try {
    const { data } = await client.request<ActionsSecret>(`GET ${base(scope)}/{secret_name}`, {
      ...params(repo, scope),
      secret_name: name,
    });
    return data;
  } catch (error) {
    if (isGitHubApiError(error) && error.status === 404) return null;
    throw error;
  }
}

/** Deletes a secret (204; 404 when it is already gone, which callers treat as done). */
export async function deleteSecret(
  client: GitHubRequester,
  repo: RepoRef,
  name: string,
  scope: SecretScope = { kind: 'repository' },
): Promise<void> {
  await client.request(`DELETE ${base(scope)}/{secret_name}`, { ...params(repo, scope), secret_name: name });
}

/** The permission removing secrets needs, as one line a user can act on. */
export const SECRETS_WRITE_ADVICE =
  'removing secrets needs a token with "Secrets: write" (a fine-grained token or a GitHub App installation; GITHUB_TOKEN can never have it): pass one as the token input';

/**
 * Checks up front, before anything is changed, that the token may manage the secrets of every
 * scope given: GitHub has no dry-run for a delete, but a token that cannot read the sealing key
 * cannot delete either. Throws one ConfigurationError naming the permission.
 */
export async function requireSecretsWrite(
  client: GitHubRequester,
  repo: RepoRef,
  scopes: readonly SecretScope[],
): Promise<void> {
  for (const scope of scopes) {
    try {
      await getSecretsPublicKey(client, repo, scope);
    } catch (error) {
      if (isGitHubApiError(error) && (error.status === 403 || error.status === 401 || error.status === 404)) {
        const where = scope.kind === 'repository' ? 'the repository' : `environment "${scope.name}"`;
        throw new ConfigurationError(`${SECRETS_WRITE_ADVICE} (GitHub answered ${error.status} for ${where})`, {
          cause: error,
        });
      }
      throw error;
    }
  }
}
