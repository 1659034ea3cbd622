import type { Anomaly, Severity } from '../detect/detection-types.js';
import { SEVERITY_RANK } from '../detect/detection-types.js';
import type { KillSwitchScope } from './kill-switch.js';

/** When OpsGuard pulls its own brake: anomalies that activate a kill switch automatically. */
export interface KillSwitchRules {
  readonly autoActivate: readonly {
    /** Anomaly rule names (e.g. retry_storm), or `*` for any. */
    readonly rules: readonly string[];
    readonly minSeverity: Severity;
    readonly scope: KillSwitchScope;
    /** For service scope: `{subject}` is the anomaly's subject; for action scope, an action type. */
    readonly target: string;
  }[];
  /** Deactivating needs a reason too (it is written to the kill-switch log). */
  readonly requireReason: boolean;
  /** How an activation stops what runs (DEFAULT_KILL_STOP when absent). */
  readonly stop?: KillSwitchStopRules;
  /** Conditions read off the runs that pull the brake automatically (none when absent). */
  readonly triggers?: KillSwitchTriggers;
}

export interface KillSwitchStopRules {
  /** Workflows (name, file name or path) an activation never disables or cancels. */
  readonly allow: readonly string[];
  /** Runs still going this long after their cancel are force-cancelled. */
  readonly forceAfterSeconds: number;
  readonly pollSeconds: number;
}

export const DEFAULT_KILL_STOP: KillSwitchStopRules = { allow: [], forceAfterSeconds: 120, pollSeconds: 10 };

interface TriggerBase {
  readonly enabled: boolean;
  /** `service`: the workflow it is about; `global`: everything. */
  readonly scope: 'global' | 'service';
}

/** The specification's automatic conditions, each one kill switch when met. */
export interface KillSwitchTriggers {
  /** More than `maxReruns` re-run attempts of one workflow within `windowMinutes`. */
  readonly retryStorm?: TriggerBase & { readonly maxReruns: number; readonly windowMinutes: number };
  /** One workflow started more than `maxStarts` times within `windowMinutes`. */
  readonly runawayLoop?: TriggerBase & { readonly maxStarts: number; readonly windowMinutes: number };
  /** Run minutes in the last hour over `maxRunMinutesPerHour` (all workflows together). */
  readonly abnormalConsumption?: TriggerBase & { readonly maxRunMinutesPerHour: number };
}

export interface KillSwitchActivation {
  readonly scope: KillSwitchScope;
  readonly target: string;
  readonly reason: string;
  readonly fingerprint: string;
}

/** Activations the anomalies call for, one per distinct switch. */
export function killSwitchActivations(anomalies: readonly Anomaly[], rules: KillSwitchRules): KillSwitchActivation[] {
  const out = new Map<string, KillSwitchActivation>();
  for (const anomaly of anomalies) {
    for (const rule of rules.autoActivate) {
      if (!rule.rules.includes('*') && !rule.rules.includes(anomaly.rule)) continue;
      if (SEVERITY_RANK[anomaly.severity] < SEVERITY_RANK[rule.minSeverity]) continue;
      const target = rule.scope === 'global' ? '*' : rule.target.replaceAll('{subject}', anomaly.subject);
      const key = `${rule.scope}:${target}`;
      if (!out.has(key))
        out.set(key, {
          scope: rule.scope,
          target,
          reason: `auto: ${anomaly.message}`,
          fingerprint: anomaly.fingerprint,
        });
    }
  }
  return [...out.values()];
}
