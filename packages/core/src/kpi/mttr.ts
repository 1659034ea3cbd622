import { isoToMs } from './iso-time.js';
import { isFailure } from '../records/conclusions.js';
import type { KpiAttempt } from './kpi-types.js';

export interface Incident {
  readonly workflowName: string;
  readonly openedAtMs: number;
  readonly resolvedAtMs: number;
}

/**
 * Incidents on the default branch, per workflow: opened by the first failed attempt after a
 * success (or at the start), resolved by the next successful attempt — a successful re-run of the
 * same run resolves it too. Ordered by completion time; unresolved incidents are not counted.
 * Events are packed as `seconds·2 + ok` in a Float64Array so a million sort without objects
 * (GitHub's timestamps have whole seconds; at a tie the failure comes first).
 */
export function defaultBranchIncidents(attempts: readonly KpiAttempt[], defaultBranch: string): Incident[] {
  const byWorkflow = new Map<string, number[]>();
  for (const a of attempts) {
    if (a.branch !== defaultBranch || a.status !== 'completed') continue;
    const ok = a.conclusion === 'success';
    if (!ok && !isFailure(a.conclusion)) continue;
    let events = byWorkflow.get(a.workflowName);
    if (!events) byWorkflow.set(a.workflowName, (events = []));
    events.push(Math.floor(isoToMs(a.updatedAt) / 1000) * 2 + (ok ? 1 : 0));
  }
  const incidents: Incident[] = [];
  for (const [workflowName, list] of byWorkflow) {
    const events = Float64Array.from(list).sort();
    let openedAt: number | null = null;
    for (const packed of events) {
      const ok = packed % 2 === 1;
      const atMs = Math.floor(packed / 2) * 1000;
      if (!ok && openedAt === null) openedAt = atMs;
      else if (ok && openedAt !== null) {
        incidents.push({ workflowName, openedAtMs: openedAt, resolvedAtMs: atMs });
        openedAt = null;
      }
    }
  }
  return incidents;
}
