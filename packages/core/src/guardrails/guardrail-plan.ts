import { ConfigurationError } from '../errors.js';
import type { JsonValue } from '../json.js';
import { principalOf } from './arn-pattern.js';
import type { PolicyDecision } from './evaluate-guardrails.js';
import type { BudgetAlert, GuardrailMode, PrincipalRef } from './guardrail-types.js';
import { assertGuardrailTtl } from './ttl.js';
import { canonicalJson } from '../json.js';

/** One deny to apply: one managed policy attached to every listed principal. */
export interface GuardrailPlanItem {
  readonly policyId: string;
  readonly mode: GuardrailMode;
  readonly ttlMinutes: number;
  readonly actions: readonly string[];
  readonly principals: readonly PrincipalRef[];
}

/**
 * What would be done for one budget alert, reviewed before it is applied. Its hash covers the
 * alert and the items only — not when it was computed — so the same alert planned twice is the
 * same plan, and its executions are recorded (and applied) once.
 */
export interface GuardrailPlan {
  readonly kind: 'opsguard.guardrail-plan';
  readonly version: 1;
  readonly alert: BudgetAlert;
  readonly createdAt: string;
  /** A plan approved after this is stale and refused: the spend it answered may be old news. */
  readonly validUntil: string;
  readonly items: readonly GuardrailPlanItem[];
  /** Every policy's decision, so a reviewer sees what was exempted and why. */
  readonly decisions: readonly PolicyDecision[];
}

/** How long a manual plan may wait for its approval. */
export const DEFAULT_PLAN_VALIDITY_MS = 24 * 3_600_000;

export function buildGuardrailPlan(
  alert: BudgetAlert,
  decisions: readonly PolicyDecision[],
  now: Date,
  validityMs: number = DEFAULT_PLAN_VALIDITY_MS,
): GuardrailPlan {
  const items = decisions.flatMap((d): GuardrailPlanItem[] =>
    d.outcome === 'deny'
      ? [
          {
            policyId: d.policyId,
            mode: d.mode,
            ttlMinutes: assertGuardrailTtl(d.ttlMinutes, `policy ${d.policyId}`),
            actions: d.actions,
            principals: d.targets,
          },
        ]
      : [],
  );
  return {
    kind: 'opsguard.guardrail-plan',
    version: 1,
    alert,
    createdAt: now.toISOString(),
    validUntil: new Date(now.getTime() + validityMs).toISOString(),
    items,
    decisions,
  };
}

/** The text a plan's hash is taken of (SHA-256 by the caller: core does no hashing). */
export function planHashInput(plan: Pick<GuardrailPlan, 'version' | 'alert' | 'items'>): string {
  return canonicalJson({ version: plan.version, alert: plan.alert, items: plan.items });
}

export const GUARDRAIL_POLICY_PATH = '/opsguard/guardrails/';

/** The managed policy's name: readable, unique per plan and policy, within IAM's 128 characters. */
export function guardrailPolicyName(policyId: string, planHash: string): string {
  return `opsguard-${policyId}`.slice(0, 110) + `-${planHash.slice(0, 12)}`;
}

export function guardrailPolicyArn(accountId: string, policyName: string, partition = 'aws'): string {
  return `arn:${partition}:iam::${accountId}:policy${GUARDRAIL_POLICY_PATH}${policyName}`;
}

function fail(file: string, path: string, expected: string): never {
  throw new ConfigurationError(`${file}: at ${path}: expected ${expected}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function stringsAt(value: unknown, file: string, path: string): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) fail(file, path, 'a list of strings');
  return value as string[];
}

function readAlert(value: unknown, file: string): BudgetAlert {
  if (!isRecord(value)) fail(file, '/alert', 'the budget alert');
  const text = (key: string) => {
    const v = value[key];
    if (typeof v !== 'string' || v === '') fail(file, `/alert/${key}`, 'a string');
    return v;
  };
  const type = value['thresholdType'];
  if (type !== 'actual' && type !== 'forecasted') fail(file, '/alert/thresholdType', '"actual" or "forecasted"');
  const percent = value['thresholdPercent'];
  if (typeof percent !== 'number') fail(file, '/alert/thresholdPercent', 'a number');
  return {
    accountId: text('accountId'),
    budgetName: text('budgetName'),
    thresholdType: type,
    thresholdPercent: percent,
    period: text('period'),
    raisedAt: text('raisedAt'),
  };
}

function readItem(value: unknown, file: string, path: string): GuardrailPlanItem {
  if (!isRecord(value)) fail(file, path, 'a plan item');
  const policyId = value['policyId'];
  if (typeof policyId !== 'string' || policyId === '') fail(file, `${path}/policyId`, 'a policy id');
  const mode = value['mode'];
  if (mode !== 'manual' && mode !== 'auto') fail(file, `${path}/mode`, '"manual" or "auto"');
  const ttl = value['ttlMinutes'];
  if (typeof ttl !== 'number') fail(file, `${path}/ttlMinutes`, 'a number');
  assertGuardrailTtl(ttl, `${file}: at ${path}/ttlMinutes`);
  const principals = value['principals'];
  if (!Array.isArray(principals) || principals.length === 0) fail(file, `${path}/principals`, 'a non-empty list');
  return {
    policyId,
    mode,
    ttlMinutes: ttl,
    actions: stringsAt(value['actions'], file, `${path}/actions`),
    principals: principals.map((p: unknown, i) => {
      const arn = isRecord(p) ? p['arn'] : undefined;
      const principal = typeof arn === 'string' ? principalOf(arn) : null;
      if (!principal) fail(file, `${path}/principals/${i}/arn`, 'a concrete role, user or group ARN');
      return principal;
    }),
  };
}

/**
 * A plan read back from its file (the apply job's input): shape checked field by field, TTLs
 * checked again. Decisions are carried for the record and not trusted for anything.
 */
export function parseGuardrailPlan(value: unknown, file: string): GuardrailPlan {
  if (!isRecord(value) || value['kind'] !== 'opsguard.guardrail-plan') fail(file, '/kind', '"opsguard.guardrail-plan"');
  if (value['version'] !== 1) fail(file, '/version', '1');
  const createdAt = value['createdAt'];
  const validUntil = value['validUntil'];
  if (typeof createdAt !== 'string' || Number.isNaN(Date.parse(createdAt))) fail(file, '/createdAt', 'a timestamp');
  if (typeof validUntil !== 'string' || Number.isNaN(Date.parse(validUntil))) fail(file, '/validUntil', 'a timestamp');
  const items = value['items'];
  if (!Array.isArray(items)) fail(file, '/items', 'a list of plan items');
  const decisions = value['decisions'];
  return {
    kind: 'opsguard.guardrail-plan',
    version: 1,
    alert: readAlert(value['alert'], file),
    createdAt,
    validUntil,
    items: items.map((item: unknown, i) => readItem(item, file, `/items/${i}`)),
    decisions: Array.isArray(decisions) ? (decisions as JsonValue[] as unknown as PolicyDecision[]) : [],
  };
}
