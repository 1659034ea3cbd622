import { selectPercentile } from './select.js';
import type { KpiFigures } from './kpi-types.js';

/** A growable Float64 buffer: percentiles over a million samples without boxing numbers. */
export class SampleBuffer {
  private data = new Float64Array(64);
  private size = 0;

  push(value: number): void {
    if (this.size === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.size++] = value;
  }

  get length(): number {
    return this.size;
  }

  /** A copy the caller may reorder. */
  copy(): Float64Array {
    return this.data.slice(0, this.size);
  }

  sum(): number {
    let total = 0;
    for (let i = 0; i < this.size; i++) total += this.data[i] ?? 0;
    return total;
  }
}

const ratio = (num: number, den: number) => (den === 0 ? null : num / den);

/** Counters for one (window, workflow-or-overall) cell of the KPI table. */
export class KpiAccumulator {
  runs = 0;
  runsFinished = 0;
  runsSucceeded = 0;
  retriesTotal = 0;
  attempts = 0;
  attemptsFinished = 0;
  attemptsSucceeded = 0;
  readonly durations = new SampleBuffer();
  readonly queues = new SampleBuffer();
  incidents = 0;
  incidentMsTotal = 0;
  autoReruns = 0;
  autoRecovered = 0;
  readonly causes = new Map<string, number>();

  addCause(cause: string): void {
    this.causes.set(cause, (this.causes.get(cause) ?? 0) + 1);
  }

  figures(): KpiFigures {
    const durations = this.durations.copy();
    const queues = this.queues.copy();
    const failuresByCause: Record<string, number> = {};
    for (const [cause, count] of [...this.causes.entries()].sort(([a], [b]) => (a < b ? -1 : 1)))
      failuresByCause[cause] = count;
    return {
      runs: this.runs,
      attempts: this.attempts,
      successRateByRun: ratio(this.runsSucceeded, this.runsFinished),
      successRateByAttempt: ratio(this.attemptsSucceeded, this.attemptsFinished),
      meanRetryCount: ratio(this.retriesTotal, this.runs),
      durationMs: {
        mean: ratio(this.durations.sum(), this.durations.length),
        p50: selectPercentile(durations, 0.5),
        p95: selectPercentile(durations, 0.95),
      },
      queueMs: { p50: selectPercentile(queues, 0.5), p95: selectPercentile(queues, 0.95) },
      mttrMs: ratio(this.incidentMsTotal, this.incidents),
      incidents: this.incidents,
      autoRecoveryRate: ratio(this.autoRecovered, this.autoReruns),
      autoReruns: this.autoReruns,
      failuresByCause,
    };
  }
}
