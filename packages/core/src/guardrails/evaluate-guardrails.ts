import { globMatches, parseArnPattern, principalOf } from './arn-pattern.js';
import type {
  BudgetAlert,
  GuardrailExceptions,
  GuardrailMode,
  GuardrailPolicies,
  GuardrailPolicy,
  PrincipalKind,
  PrincipalRef,
  TimeWindow,
} from './guardrail-types.js';
import { protectedMatch, type ProtectedKind, type ProtectedRoles } from './protected-principals.js';
import { localTime, windowIsOpen } from './time-windows.js';

/** The rule that exempted a policy or a principal, with its JSON path in the policy file. */
export type ExemptionRule =
  | { readonly type: 'account_allowlist'; readonly path: string; readonly account: string }
  | { readonly type: 'time_window'; readonly path: string; readonly name: string; readonly window: TimeWindow['type'] }
  | { readonly type: 'principal_allowlist'; readonly path: string; readonly pattern: string }
  | { readonly type: 'protected'; readonly kind: ProtectedKind; readonly rule: string };

export type PrincipalDecision =
  | { readonly verdict: 'target'; readonly principal: PrincipalRef; readonly matchedPattern: string }
  | {
      readonly verdict: 'exempt';
      readonly principal: PrincipalRef;
      readonly matchedPattern: string;
      readonly rule: ExemptionRule;
    }
  | { readonly verdict: 'other_account'; readonly principal: PrincipalRef; readonly matchedPattern: string };

export type PolicyDecision =
  | { readonly policyId: string; readonly outcome: 'not_triggered'; readonly reason: string }
  | { readonly policyId: string; readonly outcome: 'exempt'; readonly rule: ExemptionRule }
  | {
      readonly policyId: string;
      readonly outcome: 'no_targets';
      readonly reason: string;
      readonly principals: readonly PrincipalDecision[];
    }
  | {
      readonly policyId: string;
      readonly outcome: 'deny';
      readonly mode: GuardrailMode;
      readonly ttlMinutes: number;
      readonly actions: readonly string[];
      readonly targets: readonly PrincipalRef[];
      readonly principals: readonly PrincipalDecision[];
    };

/** Principals listed from IAM, per kind, to resolve wildcard patterns against. */
export type PrincipalDirectory = Readonly<Partial<Record<PrincipalKind, readonly PrincipalRef[]>>>;

export interface GuardrailEvaluationInput {
  readonly alert: BudgetAlert;
  readonly policies: GuardrailPolicies;
  /** The decision's instant (time windows are read in `policies.timeZone`). */
  readonly now: Date;
  readonly protectedRoles: ProtectedRoles;
  readonly directory: PrincipalDirectory;
}

interface ScopedExceptions {
  readonly path: string;
  readonly exceptions: GuardrailExceptions;
}

function scopesOf(policies: GuardrailPolicies, index: number, policy: GuardrailPolicy): ScopedExceptions[] {
  const scopes: ScopedExceptions[] = [];
  if (policies.exceptions) scopes.push({ path: '/exceptions', exceptions: policies.exceptions });
  if (policy.exceptions) scopes.push({ path: `/policies/${index}/exceptions`, exceptions: policy.exceptions });
  return scopes;
}

function whyNotTriggered(policy: GuardrailPolicy, alert: BudgetAlert): string | null {
  const budgets = policy.budgets ?? ['*'];
  if (!budgets.some((b) => globMatches(b, alert.budgetName))) {
    return `budget "${alert.budgetName}" is not one of ${budgets.map((b) => `"${b}"`).join(', ')}`;
  }
  if (policy.threshold.type !== alert.thresholdType) {
    return `the alert is ${alert.thresholdType}, the policy answers ${policy.threshold.type}`;
  }
  if (alert.thresholdPercent < policy.threshold.percent) {
    return `the alert's ${alert.thresholdPercent}% is below the policy's ${policy.threshold.percent}%`;
  }
  return null;
}

function policyExemption(scopes: readonly ScopedExceptions[], alert: BudgetAlert, now: Date, timeZone: string) {
  for (const { path, exceptions } of scopes) {
    const i = (exceptions.accounts ?? []).indexOf(alert.accountId);
    if (i >= 0) return { type: 'account_allowlist', path: `${path}/accounts/${i}`, account: alert.accountId } as const;
  }
  const local = localTime(now, timeZone);
  for (const { path, exceptions } of scopes) {
    const windows = exceptions.timeWindows ?? [];
    const i = windows.findIndex((w) => windowIsOpen(w, local));
    const window = windows[i];
    if (window)
      return { type: 'time_window', path: `${path}/timeWindows/${i}`, name: window.name, window: window.type } as const;
  }
  return null;
}

/** Each pattern's principals: a concrete ARN as is, a wildcard one from the directory; first pattern wins. */
function resolvePrincipals(patterns: readonly string[], directory: PrincipalDirectory) {
  const resolved = new Map<string, { principal: PrincipalRef; matchedPattern: string }>();
  for (const text of patterns) {
    const parsed = parseArnPattern(text);
    if (!parsed.ok) continue;
    const concrete = parsed.pattern.hasWildcard ? null : principalOf(text);
    const found = concrete
      ? [concrete]
      : (directory[parsed.pattern.kind] ?? []).filter((p) => globMatches(text, p.arn));
    for (const principal of found) {
      if (!resolved.has(principal.arn)) resolved.set(principal.arn, { principal, matchedPattern: text });
    }
  }
  return [...resolved.values()].sort((a, b) => (a.principal.arn < b.principal.arn ? -1 : 1));
}

function decidePrincipal(
  entry: { principal: PrincipalRef; matchedPattern: string },
  scopes: readonly ScopedExceptions[],
  input: GuardrailEvaluationInput,
): PrincipalDecision {
  const { principal, matchedPattern } = entry;
  // Built-in protection first: it cannot be overridden, and it is the reason worth reporting.
  const guarded = protectedMatch(principal, input.protectedRoles);
  if (guarded) return { verdict: 'exempt', principal, matchedPattern, rule: { type: 'protected', ...guarded } };
  for (const { path, exceptions } of scopes) {
    const patterns = exceptions.principals ?? [];
    const i = patterns.findIndex((p) => globMatches(p, principal.arn));
    const pattern = patterns[i];
    if (pattern !== undefined) {
      return {
        verdict: 'exempt',
        principal,
        matchedPattern,
        rule: { type: 'principal_allowlist', path: `${path}/principals/${i}`, pattern },
      };
    }
  }
  if (principal.accountId !== input.alert.accountId) return { verdict: 'other_account', principal, matchedPattern };
  return { verdict: 'target', principal, matchedPattern };
}

function decidePolicy(policy: GuardrailPolicy, index: number, input: GuardrailEvaluationInput): PolicyDecision {
  const notTriggered = whyNotTriggered(policy, input.alert);
  if (notTriggered) return { policyId: policy.id, outcome: 'not_triggered', reason: notTriggered };
  const scopes = scopesOf(input.policies, index, policy);
  const exempt = policyExemption(scopes, input.alert, input.now, input.policies.timeZone);
  if (exempt) return { policyId: policy.id, outcome: 'exempt', rule: exempt };
  const principals = resolvePrincipals(policy.principals, input.directory).map((e) =>
    decidePrincipal(e, scopes, input),
  );
  const targets = principals.flatMap((d) => (d.verdict === 'target' ? [d.principal] : []));
  if (targets.length === 0) {
    const reason =
      principals.length === 0
        ? 'no principal matches the policy'
        : 'every matching principal is exempt, protected or in another account';
    return { policyId: policy.id, outcome: 'no_targets', reason, principals };
  }
  return {
    policyId: policy.id,
    outcome: 'deny',
    mode: policy.mode,
    ttlMinutes: policy.ttlMinutes,
    actions: [...new Set(policy.deny)].sort(),
    targets,
    principals,
  };
}

/**
 * The policy engine: for a budget alert, each policy's decision — not triggered (budget,
 * threshold type or percent), exempt as a whole (account allowlist, an open time window), no
 * targets left, or a deny for the principals that remain after the built-in protection and the
 * principal allowlist. Any matching exception exempts; the decision names the rule and its path.
 */
export function evaluateGuardrails(input: GuardrailEvaluationInput): PolicyDecision[] {
  return input.policies.policies.map((policy, i) => decidePolicy(policy, i, input));
}

/** The principal kinds the policies' wildcard patterns need listed from IAM. */
export function kindsToList(policies: GuardrailPolicies): PrincipalKind[] {
  const kinds = new Set<PrincipalKind>();
  for (const policy of policies.policies) {
    for (const text of policy.principals) {
      const parsed = parseArnPattern(text);
      if (parsed.ok && parsed.pattern.hasWildcard) kinds.add(parsed.pattern.kind);
    }
  }
  return [...kinds].sort();
}
