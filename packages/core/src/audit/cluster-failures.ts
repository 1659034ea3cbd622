import { clusterKeyOf, fingerprintOf, type ClusterKey } from './fingerprint.js';
import type { FailureOccurrence, OccurrenceMark } from './ticket-types.js';

export interface FailureCluster {
  readonly fingerprint: string;
  readonly key: ClusterKey;
  /** Oldest first (by finish time, then run id and attempt). */
  readonly occurrences: readonly FailureOccurrence[];
}

const markOf = (o: FailureOccurrence): OccurrenceMark => ({ at: o.at, runId: o.runId, attempt: o.attempt });

/** Orders occurrences (and marks) by time, then run id, then attempt. */
export function compareMarks(a: OccurrenceMark, b: OccurrenceMark): number {
  return a.at < b.at ? -1 : a.at > b.at ? 1 : a.runId - b.runId || a.attempt - b.attempt;
}

/** One cluster per fingerprint (cause, workflow, job, normalised message); each attempt counted once. */
export function clusterFailures(occurrences: readonly FailureOccurrence[]): FailureCluster[] {
  const byPrint = new Map<string, { key: ClusterKey; items: Map<string, FailureOccurrence> }>();
  for (const o of occurrences) {
    const key = clusterKeyOf({ cause: o.cause, workflow: o.workflowName, job: o.job, message: o.message });
    const fingerprint = fingerprintOf(key);
    const entry = byPrint.get(fingerprint) ?? { key, items: new Map<string, FailureOccurrence>() };
    entry.items.set(`${o.runId}:${o.attempt}`, o);
    byPrint.set(fingerprint, entry);
  }
  return [...byPrint.entries()]
    .map(([fingerprint, { key, items }]) => ({
      fingerprint,
      key,
      occurrences: [...items.values()].sort((a, b) => compareMarks(markOf(a), markOf(b))),
    }))
    .sort(
      (a, b) =>
        compareMarks(markOf(a.occurrences[0] as FailureOccurrence), markOf(b.occurrences[0] as FailureOccurrence)) ||
        (a.fingerprint < b.fingerprint ? -1 : 1),
    );
}

/** The occurrences after `mark` (all of them without one): what an earlier day did not count. */
export function occurrencesAfter(cluster: FailureCluster, mark: OccurrenceMark | null): readonly FailureOccurrence[] {
  return mark === null ? cluster.occurrences : cluster.occurrences.filter((o) => compareMarks(markOf(o), mark) > 0);
}

export { markOf };
