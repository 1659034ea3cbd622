/**
 * Guardrail policies (`config/guardrail-policies.json`): a budget threshold → an IAM deny for
 * chosen principals, with a TTL and exceptions. These types mirror the JSON Schema in
 * `config/schemas/guardrail-policies.schema.json`; the schema is what validates a file.
 */

export type GuardrailMode = 'manual' | 'auto';
export type ThresholdType = 'actual' | 'forecasted';
export type PrincipalKind = 'role' | 'user' | 'group';
export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

export interface BudgetThreshold {
  /** ACTUAL spend or the FORECASTED spend of the period, as AWS Budgets alerts say. */
  readonly type: ThresholdType;
  /** Percent of the budgeted amount (100 = the whole budget). */
  readonly percent: number;
}

export interface BusinessHoursWindow {
  readonly type: 'business_hours';
  readonly name: string;
  readonly days: readonly Weekday[];
  /** Local `HH:MM` in the configured time zone; `start` inclusive, `end` exclusive. */
  readonly start: string;
  readonly end: string;
}

export interface WeekendsWindow {
  readonly type: 'weekends';
  readonly name: string;
}

export interface HolidaysWindow {
  readonly type: 'holidays';
  readonly name: string;
  /** Local calendar dates, `YYYY-MM-DD`. */
  readonly dates: readonly string[];
}

export type TimeWindow = BusinessHoursWindow | WeekendsWindow | HolidaysWindow;

/** Any matching exception exempts. */
export interface GuardrailExceptions {
  /** 12-digit AWS account ids whose budget alerts never trigger a deny. */
  readonly accounts?: readonly string[];
  /** Principal ARN patterns (`*` any run of characters, `?` one) that are never denied. */
  readonly principals?: readonly string[];
  /** While one of these is open, no deny is applied. */
  readonly timeWindows?: readonly TimeWindow[];
}

export interface GuardrailPolicy {
  readonly id: string;
  readonly description?: string;
  /** Budget names this policy answers; `*` (the default) for any budget. */
  readonly budgets?: readonly string[];
  readonly threshold: BudgetThreshold;
  /** IAM actions to deny, `service:Action` (wildcards allowed in the action part). */
  readonly deny: readonly string[];
  /** Role, user or group ARN patterns to deny. */
  readonly principals: readonly string[];
  readonly mode: GuardrailMode;
  /** How long the deny holds; at least MIN_GUARDRAIL_TTL_MINUTES. */
  readonly ttlMinutes: number;
  /** Exceptions of this policy only, on top of the file's. */
  readonly exceptions?: GuardrailExceptions;
}

export interface GuardrailPolicies {
  /** IANA time zone the time windows are read in. */
  readonly timeZone: string;
  /** Role ARN patterns of break-glass roles beyond the built-in `*break-glass*` / `*BreakGlass*` names. */
  readonly breakGlassRoles?: readonly string[];
  readonly exceptions?: GuardrailExceptions;
  readonly policies: readonly GuardrailPolicy[];
}

/** A budget alert as the budget trigger hands it over (SNS → dispatch, or the hourly poll). */
export interface BudgetAlert {
  readonly accountId: string;
  readonly budgetName: string;
  readonly thresholdType: ThresholdType;
  /** The notification's threshold, percent of the budget. */
  readonly thresholdPercent: number;
  /** Budget period start (`YYYY-MM-DD`), part of the alert's idempotency key. */
  readonly period: string;
  /** UTC ISO-8601 of when AWS (or the poll) raised it. */
  readonly raisedAt: string;
}

/** A concrete principal a deny can be attached to. */
export interface PrincipalRef {
  readonly arn: string;
  readonly kind: PrincipalKind;
  /** The role, user or group name (the last path segment), what IAM's Attach*Policy calls take. */
  readonly name: string;
  readonly accountId: string;
}
