import { ConfigurationError } from '@opsguard/core';
import { isMissingPermission } from './classify-error.js';

const READS = new Set(['GET', 'HEAD']);

/**
 * The permission a route needs, as a workflow's `permissions:` block names it, with a note when
 * GITHUB_TOKEN cannot have it at all. Undefined for routes this package does not call.
 */
export function requiredPermission(route: string): string | undefined {
  const [method = '', path = ''] = route.split(' ', 2);
  const level = READS.has(method.toUpperCase()) ? 'read' : 'write';
  if (path.includes('/actions/variables')) {
    return `Variables: ${level} (GITHUB_TOKEN cannot have it: use an App or a fine-grained token, or pass \${{ vars.NAME }} as an input)`;
  }
  if (path.includes('/actions/secrets') || path.includes('/secrets'))
    return `Secrets: ${level} (GITHUB_TOKEN cannot have it: use an App or a fine-grained token)`;
  if (path.includes('/actions/')) return `actions: ${level}`;
  if (path.includes('/check-runs') || path.includes('/check-suites')) return `checks: ${level}`;
  if (path.includes('/issues')) return `issues: ${level}`;
  if (path.endsWith('/dispatches') || path.includes('/git/')) return `contents: ${level}`;
  return undefined;
}

/** One line saying what the token lacks and where to grant it. */
export function permissionAdvice(route: string): string {
  const permission = requiredPermission(route);
  return permission === undefined
    ? 'the token lacks a permission for this call: grant it in the workflow’s permissions: block (or to the App / token)'
    : `the token needs "${permission}": grant it in the workflow’s permissions: block (or to the App / token)`;
}

/**
 * A missing-permission refusal as the ConfigurationError a user can act on (DESIGN.md
 * conventions); undefined for any other error, which callers keep handling as before.
 */
export function missingPermissionError(error: unknown): ConfigurationError | undefined {
  if (!isMissingPermission(error)) return undefined;
  const route =
    typeof (error as { route?: unknown }).route === 'string' ? (error as { route: string }).route : 'a GitHub API call';
  return new ConfigurationError(`GitHub refused ${route} (403 Resource not accessible): ${permissionAdvice(route)}`, {
    cause: error,
  });
}
