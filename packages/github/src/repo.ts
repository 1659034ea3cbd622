import { ConfigurationError } from '@opsguard/core';

/** A repository as the REST API addresses it. */
export interface RepoRef {
  readonly owner: string;
  readonly repo: string;
}

// GitHub's own limits: owners are alphanumerics and single hyphens; repository names also allow
// `.` and `_`. Checking here turns a typo into one clear line instead of a 404 later.
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const NAME = /^[A-Za-z0-9._-]{1,100}$/;

/** Parses `owner/name` (as in `GITHUB_REPOSITORY`); a bad value is a ConfigurationError. */
export function parseRepo(value: string, field = 'repository'): RepoRef {
  const text = value.trim();
  const parts = text.split('/');
  const [owner, repo] = parts;
  if (
    parts.length !== 2 ||
    owner === undefined ||
    repo === undefined ||
    !OWNER.test(owner) ||
    !NAME.test(repo) ||
    repo === '.' ||
    repo === '..'
  ) {
    throw new ConfigurationError(
      `${field} must be "owner/name" (for example "octo-org/app"), got ${JSON.stringify(value)}`,
    );
  }
  return { owner, repo };
}

export function formatRepo(ref: RepoRef): string {
  return `${ref.owner}/${ref.repo}`;
}
