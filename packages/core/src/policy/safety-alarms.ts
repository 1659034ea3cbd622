import type { KillSwitchEntry } from './kill-switch.js';

/** One automated action as the audit trail recorded it (the fields the alarms read). */
export interface AlarmAuditRecord {
  readonly at: string;
  readonly action: string;
  readonly target: string;
  readonly outcome: 'SUCCESS' | 'FAILURE' | 'SKIPPED';
  readonly reason: string | null;
}

export type SafetyAlarmKind = 'failure-rate' | 'kill-switch-active' | 'rate-limit-refusals' | 'circuit-open';

export interface SafetyAlarm {
  readonly kind: SafetyAlarmKind;
  readonly severity: 'warning' | 'critical';
  readonly message: string;
  /** Stable for the same condition: the notification chain deduplicates by it. */
  readonly fingerprint: string;
}

export interface SafetyAlarmLimits {
  /** Share of executed automated actions that failed (default 0.10). */
  readonly maxFailureRate: number;
  /** Rate-limit refusals in the last hour (default 10). */
  readonly maxRateLimitRefusalsPerHour: number;
  /** Executed actions needed before the failure rate means anything (default 10). */
  readonly minExecuted: number;
}

export const DEFAULT_ALARM_LIMITS: SafetyAlarmLimits = {
  maxFailureRate: 0.1,
  maxRateLimitRefusalsPerHour: 10,
  minExecuted: 10,
};

/**
 * The specification's alarms (pure): failure rate of automated actions over 10 %, any kill switch
 * active, more than 10 rate-limit refusals in an hour, a circuit open (a refusal by an open
 * breaker in the last hour). `audit` is the window's trail; `now` ends the hour.
 */
export function safetyAlarms(
  audit: readonly AlarmAuditRecord[],
  switches: readonly KillSwitchEntry[],
  now: Date,
  limits: SafetyAlarmLimits = DEFAULT_ALARM_LIMITS,
): SafetyAlarm[] {
  const alarms: SafetyAlarm[] = [];
  const executed = audit.filter((a) => a.outcome !== 'SKIPPED');
  const failed = executed.filter((a) => a.outcome === 'FAILURE').length;
  if (executed.length >= limits.minExecuted && failed / executed.length > limits.maxFailureRate) {
    alarms.push({
      kind: 'failure-rate',
      severity: 'critical',
      message: `${Math.round((failed / executed.length) * 100)} % of automated actions failed (${failed} of ${executed.length}; limit ${Math.round(limits.maxFailureRate * 100)} %)`,
      fingerprint: 'alarm:failure-rate',
    });
  }
  for (const s of switches.filter((k) => k.active)) {
    alarms.push({
      kind: 'kill-switch-active',
      severity: 'warning',
      message: `kill switch on: ${s.scope}${s.scope === 'global' ? '' : ` ${s.target}`} (${s.reason ?? 'no reason given'}): automation is paused`,
      fingerprint: `alarm:kill-switch:${s.scope}:${s.target}`,
    });
  }
  const hourAgo = now.getTime() - 3_600_000;
  const lastHour = audit.filter((a) => Date.parse(a.at) >= hourAgo && Date.parse(a.at) <= now.getTime());
  const refusals = lastHour.filter((a) => a.outcome === 'SKIPPED' && a.reason === 'rate_limited').length;
  if (refusals > limits.maxRateLimitRefusalsPerHour) {
    alarms.push({
      kind: 'rate-limit-refusals',
      severity: 'warning',
      message: `${refusals} rate-limit refusals in the last hour (limit ${limits.maxRateLimitRefusalsPerHour})`,
      fingerprint: 'alarm:rate-limit-refusals',
    });
  }
  const open = new Set(
    lastHour.filter((a) => a.outcome === 'SKIPPED' && a.reason === 'circuit_open').map((a) => a.target),
  );
  for (const target of open) {
    alarms.push({
      kind: 'circuit-open',
      severity: 'warning',
      message: `circuit open for ${target}: its calls are refused until it closes`,
      fingerprint: `alarm:circuit-open:${target}`,
    });
  }
  return alarms;
}
