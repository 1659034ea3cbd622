// One phase's outcome, as the shutdown and recovery results report it.
import type { StepError } from './aws-run.js';

export type PhaseStatus = 'succeeded' | 'partial' | 'failed' | 'skipped';
export type ResourceOutcome = 'done' | 'failed' | 'skipped';

export interface PhaseResource {
  readonly resource: string;
  readonly outcome: ResourceOutcome;
  readonly detail: string;
}

export interface PhaseResult {
  readonly phase: string;
  readonly status: PhaseStatus;
  readonly resources: readonly PhaseResource[];
  readonly errors: readonly StepError[];
  readonly durationMs: number;
  /** What a reader should know (e.g. the drain wait's note on async retries). */
  readonly note?: string;
}

export function phaseStatus(resources: readonly PhaseResource[]): PhaseStatus {
  const failed = resources.filter((r) => r.outcome === 'failed').length;
  const done = resources.filter((r) => r.outcome === 'done').length;
  if (failed === 0) return done === 0 ? 'skipped' : 'succeeded';
  return done === 0 ? 'failed' : 'partial';
}

/** Collects one phase's resources and errors and times it. */
export class PhaseRecorder {
  private readonly resources: PhaseResource[] = [];
  private readonly errors: StepError[] = [];
  private readonly started: number;

  constructor(
    readonly phase: string,
    private readonly now: () => Date,
  ) {
    this.started = now().getTime();
  }

  done(resource: string, detail: string): void {
    this.resources.push({ resource, outcome: 'done', detail });
  }

  skipped(resource: string, detail: string): void {
    this.resources.push({ resource, outcome: 'skipped', detail });
  }

  failed(error: StepError): void {
    this.resources.push({ resource: error.resource, outcome: 'failed', detail: `${error.code}: ${error.message}` });
    this.errors.push(error);
  }

  finish(note?: string): PhaseResult {
    return {
      phase: this.phase,
      status: phaseStatus(this.resources),
      resources: [...this.resources],
      errors: [...this.errors],
      durationMs: this.now().getTime() - this.started,
      ...(note === undefined ? {} : { note }),
    };
  }
}
