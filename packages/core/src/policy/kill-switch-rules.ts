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
