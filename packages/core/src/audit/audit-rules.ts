import { matchesAny } from '../retry/name-patterns.js';
import type { CauseFamily, FailureClassification, HttpFailureClass } from './classify-failure.js';

export type RiskLevel = 'low' | 'medium' | 'high' | 'critical';

export const RISK_LEVELS: readonly RiskLevel[] = ['low', 'medium', 'high', 'critical'];

/** Conditions of one rule: every condition given must hold; a list holds when any item matches. */
export interface RiskCondition {
  readonly httpClass?: readonly HttpFailureClass[];
  readonly status?: readonly number[];
  readonly cause?: readonly string[];
  readonly family?: readonly CauseFamily[];
  /** Case-insensitive globs on the workflow name. */
  readonly workflow?: readonly string[];
  readonly branch?: readonly string[];
  readonly transient?: boolean;
  /** Every run of the cluster succeeded on a later attempt. */
  readonly recovered?: boolean;
  /** The sanitiser masked a secret in a log of the cluster. */
  readonly secretInLog?: boolean;
  /** Occurrences counted on the ticket (all days) at least this many. */
  readonly minOccurrences?: number;
}

export interface RiskRule {
  readonly id: string;
  readonly level: RiskLevel;
  /** Why this level: shown on the ticket. */
  readonly description: string;
  readonly when: RiskCondition;
}

/** config/audit-rules.json: ordered rules, the first that matches gives the level. */
export interface AuditRules {
  readonly $schema?: string;
  readonly defaultLevel: RiskLevel;
  readonly rules: readonly RiskRule[];
  /** Tickets at or above this level get a GitHub issue (when issues are turned on). */
  readonly issueMinLevel: RiskLevel;
}

/** What the rules look at, for one ticket. */
export interface RiskFacts {
  readonly classification: FailureClassification;
  readonly workflow: string;
  readonly branches: readonly string[];
  readonly recovered: boolean;
  readonly secretInLog: boolean;
  readonly occurrences: number;
}

export interface RiskAssessment {
  readonly level: RiskLevel;
  /** The id of the rule that gave the level, `default` when none matched. */
  readonly rule: string;
  readonly reason: string;
}

function holds(c: RiskCondition, f: RiskFacts): boolean {
  const http = f.classification.http;
  if (c.httpClass && !(http && c.httpClass.includes(http.class))) return false;
  if (c.status && !(http?.status != null && c.status.includes(http.status))) return false;
  if (c.cause && !c.cause.includes(f.classification.cause.name)) return false;
  if (c.family && !c.family.includes(f.classification.cause.family)) return false;
  if (c.workflow && !matchesAny(f.workflow, c.workflow)) return false;
  if (c.branch && !f.branches.some((b) => matchesAny(b, c.branch ?? []))) return false;
  if (c.transient !== undefined && c.transient !== f.classification.cause.transient) return false;
  if (c.recovered !== undefined && c.recovered !== f.recovered) return false;
  if (c.secretInLog !== undefined && c.secretInLog !== f.secretInLog) return false;
  if (c.minOccurrences !== undefined && f.occurrences < c.minOccurrences) return false;
  return true;
}

/** The first rule whose conditions all hold gives the level; none → the default level. */
export function assessRisk(rules: AuditRules, facts: RiskFacts): RiskAssessment {
  for (const rule of rules.rules) {
    if (holds(rule.when, facts)) return { level: rule.level, rule: rule.id, reason: rule.description };
  }
  return { level: rules.defaultLevel, rule: 'default', reason: 'no rule matched: the default level' };
}

export function atLeast(level: RiskLevel, min: RiskLevel): boolean {
  return RISK_LEVELS.indexOf(level) >= RISK_LEVELS.indexOf(min);
}
