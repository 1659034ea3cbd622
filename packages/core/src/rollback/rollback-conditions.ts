import { DEFAULT_CONSECUTIVE_FAILURES, type RollbackCondition, type RollbackRules } from './rollback-rules.js';
import type { RollbackTrigger } from './rollback-plan.js';

/** A completed run as the consecutive-failures condition needs it. */
export interface RunOutcome {
  readonly workflowName: string;
  readonly workflowPath: string;
  readonly branch: string;
  readonly conclusion: string | null;
  /** UTC ISO-8601; newest decides. */
  readonly createdAt: string;
  readonly headSha: string;
}

/** What the system saw: runs, anomalies by severity, sanitiser findings, a person's request. */
export interface RollbackSignals {
  readonly defaultBranch: string;
  readonly runs: readonly RunOutcome[];
  readonly criticalAnomalies: readonly { readonly rule: string; readonly subject: string }[];
  readonly secretLeaks: readonly { readonly where: string; readonly rule: string }[];
  readonly manual?: { readonly reason: string } | undefined;
}

export interface TriggeredRollback {
  readonly trigger: RollbackTrigger;
  readonly response: RollbackCondition['response'];
  /** The workflow to stop and whose last success is the good commit, when the condition names one. */
  readonly workflow?: string | undefined;
  /** The newest head sha on the default branch with a successful run of that workflow. */
  readonly goodCommit?: string | undefined;
}

function watches(condition: RollbackCondition, run: RunOutcome): boolean {
  const names = condition.workflows;
  return names === undefined || names.some((n) => n === run.workflowName || run.workflowPath.endsWith(`/${n}`));
}

function consecutiveFailures(condition: RollbackCondition, signals: RollbackSignals): TriggeredRollback[] {
  const count = condition.count ?? DEFAULT_CONSECUTIVE_FAILURES;
  const byWorkflow = new Map<string, RunOutcome[]>();
  for (const run of signals.runs) {
    if (run.branch !== signals.defaultBranch || run.conclusion === null || !watches(condition, run)) continue;
    byWorkflow.set(run.workflowName, [...(byWorkflow.get(run.workflowName) ?? []), run]);
  }
  const out: TriggeredRollback[] = [];
  for (const [workflow, runs] of byWorkflow) {
    const newest = [...runs].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    const streak = newest.findIndex((r) => r.conclusion !== 'failure');
    const failures = streak === -1 ? newest.length : streak;
    if (failures < count) continue;
    const good = newest.find((r) => r.conclusion === 'success');
    out.push({
      trigger: {
        condition: 'consecutive-failures',
        detail: `${workflow} failed ${failures} times in a row on ${signals.defaultBranch}`,
      },
      response: condition.response,
      workflow,
      goodCommit: good?.headSha,
    });
  }
  return out;
}

/** Every condition of the rules that the signals meet, in the rules' order (pure). */
export function evaluateRollbackConditions(rules: RollbackRules, signals: RollbackSignals): TriggeredRollback[] {
  return rules.conditions.flatMap((condition): TriggeredRollback[] => {
    switch (condition.kind) {
      case 'consecutive-failures':
        return consecutiveFailures(condition, signals);
      case 'critical-anomaly':
        return signals.criticalAnomalies.length === 0
          ? []
          : [
              {
                trigger: {
                  condition: 'critical-anomaly',
                  detail: signals.criticalAnomalies.map((a) => `${a.rule} on ${a.subject}`).join('; '),
                },
                response: condition.response,
              },
            ];
      case 'secret-leak':
        return signals.secretLeaks.length === 0
          ? []
          : [
              {
                trigger: {
                  condition: 'secret-leak',
                  detail: `the sanitiser found ${signals.secretLeaks.length} secret(s): ${signals.secretLeaks.map((l) => `${l.rule} in ${l.where}`).join('; ')}`,
                },
                response: condition.response,
              },
            ];
      case 'manual':
        return signals.manual === undefined
          ? []
          : [{ trigger: { condition: 'manual', detail: signals.manual.reason }, response: condition.response }];
    }
  });
}
