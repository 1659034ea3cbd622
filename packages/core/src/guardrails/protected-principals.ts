import { globMatches } from './arn-pattern.js';
import type { PrincipalRef } from './guardrail-types.js';

/**
 * Who a guardrail never denies, whatever a policy file says: the role OpsGuard acts as (a deny
 * on it would stop the clean-up that lifts the deny), the role GitHub's OIDC federation assumes
 * (the way in for every later run), and break-glass roles (the humans' way in). No setting turns
 * this off; a policy file can only add break-glass patterns.
 */
export type ProtectedKind = 'executor_role' | 'oidc_role' | 'break_glass_role' | 'service_linked_role';

export interface ProtectedRoles {
  /** The executor's role: an IAM role ARN, or the STS assumed-role ARN it runs as. */
  readonly executorRoleArn: string | null;
  /** The role `aws-actions/configure-aws-credentials` assumes through OIDC. */
  readonly oidcRoleArn: string | null;
  /** Extra break-glass role ARN patterns from the policy file. */
  readonly breakGlassPatterns: readonly string[];
}

export interface ProtectedMatch {
  readonly kind: ProtectedKind;
  /** What matched: the role name or the pattern. */
  readonly rule: string;
}

/** Role names that mean break-glass, in the spellings people use. */
const BUILT_IN_BREAK_GLASS = /break[-_.]?glass/i;

/**
 * The role name of an IAM role ARN (`arn:aws:iam::1:role/path/Name` → `Name`) or of an STS
 * assumed-role ARN (`arn:aws:sts::1:assumed-role/Name/session` → `Name`); null otherwise.
 * STS drops the role's path, so protection compares names, not whole ARNs.
 */
export function roleNameOf(arn: string): string | null {
  const resource = arn.split(':')[5];
  if (resource === undefined) return null;
  if (resource.startsWith('role/')) return resource.slice(resource.lastIndexOf('/') + 1) || null;
  if (resource.startsWith('assumed-role/')) return resource.split('/')[1] || null;
  return null;
}

function sameAccount(a: string, b: string): boolean {
  const accountA = a.split(':')[4];
  const accountB = b.split(':')[4];
  return accountA === undefined || accountB === undefined || accountA === '' || accountA === accountB;
}

/** Why `principal` may never be denied, or null when it may. */
export function protectedMatch(principal: PrincipalRef, roles: ProtectedRoles): ProtectedMatch | null {
  if (principal.kind !== 'role') return null;
  const resource = principal.arn.split(':')[5] ?? '';
  if (resource.startsWith('role/aws-service-role/'))
    return { kind: 'service_linked_role', rule: 'role/aws-service-role/' };
  for (const [kind, arn] of [
    ['executor_role', roles.executorRoleArn],
    ['oidc_role', roles.oidcRoleArn],
  ] as const) {
    if (arn !== null && roleNameOf(arn) === principal.name && sameAccount(arn, principal.arn)) {
      return { kind, rule: principal.name };
    }
  }
  if (BUILT_IN_BREAK_GLASS.test(principal.name)) return { kind: 'break_glass_role', rule: 'built-in: *break-glass*' };
  const pattern = roles.breakGlassPatterns.find((p) => globMatches(p, principal.arn));
  return pattern === undefined ? null : { kind: 'break_glass_role', rule: pattern };
}
