// The shutdown plan: every target with its prior state, the account and region it was made in,
// and a SHA-256 over its canonical JSON. Apply executes exactly a plan whose hash, account,
// region and validity check out; recovery restores to the prior state it recorded.
import { ConfigurationError } from '../errors.js';
import { sha256Hex } from '../hash/index.js';
import { canonicalJson } from '../json.js';

export interface PlannedFunction {
  readonly name: string;
  readonly arn: string;
  /** `null` = no reservation before the shutdown (recovery deletes the 0 instead of setting a number). */
  readonly reservedConcurrency: number | null;
}

export interface PlannedInstance {
  readonly id: string;
  readonly arn: string;
  readonly state: string;
  readonly rootDeviceType: string;
}

export interface PlannedDistribution {
  readonly id: string;
  readonly arn: string;
  readonly enabled: boolean;
  readonly etag: string;
}

export interface ShutdownOptions {
  /** Phase 2: how long running invocations get to finish (default 30 s). */
  readonly drainSeconds: number;
  /** Stop instances with instance-store roots too (their data is lost). */
  readonly forceInstanceStore: boolean;
  /** How long SSM commands may take to reach a final status. */
  readonly commandTimeoutSeconds: number;
}

export interface ShutdownPlanBody {
  readonly kind: 'opsguard.aws-shutdown-plan';
  readonly version: 1;
  readonly account: string;
  readonly region: string;
  readonly createdAt: string;
  readonly validUntil: string;
  /** Why (the budget alert's key, or `manual`). */
  readonly reason: string;
  readonly functions: readonly PlannedFunction[];
  readonly instances: readonly PlannedInstance[];
  readonly distributions: readonly PlannedDistribution[];
  readonly ssm: { readonly service: string; readonly instanceIds: readonly string[] } | null;
  readonly options: ShutdownOptions;
}

export interface ShutdownPlan extends ShutdownPlanBody {
  readonly sha256: string;
}

export const DEFAULT_SHUTDOWN_OPTIONS: ShutdownOptions = {
  drainSeconds: 30,
  forceInstanceStore: false,
  commandTimeoutSeconds: 120,
};

/** A plan is applied within this long of its making; older ones describe a state that may be gone. */
export const PLAN_VALIDITY_MS = 60 * 60_000;

export function shutdownPlanHash(body: ShutdownPlanBody): string {
  const {
    kind,
    version,
    account,
    region,
    createdAt,
    validUntil,
    reason,
    functions,
    instances,
    distributions,
    ssm,
    options,
  } = body;
  return sha256Hex(
    canonicalJson({
      kind,
      version,
      account,
      region,
      createdAt,
      validUntil,
      reason,
      functions,
      instances,
      distributions,
      ssm,
      options,
    }),
  );
}

export function sealShutdownPlan(body: ShutdownPlanBody): ShutdownPlan {
  return { ...body, sha256: shutdownPlanHash(body) };
}

/** Parses a plan file's JSON; a file that is not a plan, or was edited after planning, is refused. */
export function parseShutdownPlan(text: string): ShutdownPlan {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ConfigurationError('plan: not JSON (pass the plan.json that `opsguard aws shutdown plan` wrote)');
  }
  const plan = value as Partial<ShutdownPlan> | null;
  if (plan?.kind !== 'opsguard.aws-shutdown-plan' || plan.version !== 1 || typeof plan.sha256 !== 'string')
    throw new ConfigurationError('plan: not an OpsGuard AWS shutdown plan (kind/version/sha256 missing)');
  const full = plan as ShutdownPlan;
  if (shutdownPlanHash(full) !== full.sha256)
    throw new ConfigurationError(
      `plan: SHA-256 does not match its content (expected ${full.sha256}): the plan was edited; make a new one`,
    );
  return full;
}

export interface ApplyContext {
  readonly account: string;
  readonly region: string;
  readonly now: Date;
  /** Accept a plan older than its validity (the operator says the state is unchanged). */
  readonly allowStale?: boolean;
}

/** Refuses, with one clear error, a plan for another account or region, or one past its validity. */
export function checkPlanForApply(plan: ShutdownPlan, context: ApplyContext): void {
  if (plan.account !== context.account)
    throw new ConfigurationError(
      `plan: made for account ${plan.account}, but the credentials are for account ${context.account}; nothing changed`,
    );
  if (plan.region !== context.region)
    throw new ConfigurationError(
      `plan: made for region ${plan.region}, but apply runs in ${context.region}; nothing changed`,
    );
  if (!context.allowStale && context.now.getTime() > Date.parse(plan.validUntil))
    throw new ConfigurationError(
      `plan: stale (valid until ${plan.validUntil}, now ${context.now.toISOString()}); make a new plan; nothing changed`,
    );
}
