import type { RunEventResult } from '@opsguard/engine';
import { duration } from '@opsguard/evidence';
import { relative } from 'node:path';
import { clip } from './format.js';
import { decisionLine } from './print-audit.js';

/** A re-run as the API shows it: the run's latest attempt. */
export interface FinishedRerun {
  readonly runId: number;
  readonly workflowName: string;
  readonly attempt: number;
  readonly status: string;
  readonly conclusion: string | null;
  /** Re-run request → completion; null while still going. */
  readonly tookMs: number | null;
}

/** A re-run completed: what auto-retry did with its `workflow_run: completed` event. */
export interface HealingEvent {
  /** Virtual time since the first pass ended. */
  readonly afterMs: number;
  readonly rerun: FinishedRerun;
  readonly result: RunEventResult;
}

/** The demo's auto-retry phases: decisions on recent failures, then on each re-run as it completes. */
export interface SelfHealing {
  /** Virtual time the first auto-retry pass started (ISO-8601). */
  readonly startedAt: string;
  readonly waitedMs: number;
  readonly first: readonly RunEventResult[];
  readonly events: readonly HealingEvent[];
  /** Re-runs not completed when the wait ended. */
  readonly stillGoing: readonly FinishedRerun[];
  /** AUTO_RETRY_MANIFEST.json the decisions were merged into (null: none written). */
  readonly manifest: string | null;
}

type Decided = Extract<RunEventResult, { kind: 'decided' }>;
type Write = (line: string) => void;

const isDecided = (r: RunEventResult): r is Decided => r.kind === 'decided' && r.outcome.handled;
const requested = (r: RunEventResult): boolean => isDecided(r) && r.outcome.act?.kind === 'requested';

function printResult(r: RunEventResult, write: Write): void {
  if (r.kind === 'decided') {
    write(decisionLine(r.outcome));
    const evidence = r.outcome.evidence[0];
    if (evidence !== undefined) write(`           evidence: ${clip(evidence, 110)}`);
  } else if (r.kind === 'recovered') {
    const { recovery } = r;
    write(
      `  RECOVERED #${recovery.runId} ${clip(recovery.workflowName, 18).padEnd(18)} attempt ${recovery.attempt}  → time to recover ${duration(recovery.timeToRecoverMs)} (first failure → this success)`,
    );
  } else write(`  IGNORED #${r.runId} attempt ${r.attempt} → ${r.reason}`);
}

function tally(results: readonly RunEventResult[]): string {
  const outcomes = results.filter(isDecided).map((r) => r.outcome);
  const rerun = results.filter(requested).length;
  const refused = outcomes.filter((o) => o.act?.kind === 'refused').length;
  const left = outcomes.filter((o) => o.decision !== 'rerun').length;
  return `${rerun} re-run(s) requested, ${refused} refused by the guard, ${left} left alone (deterministic cause, policy or attempts used up)`;
}

function printEvents(healing: SelfHealing, write: Write): void {
  const minutes = Math.round(healing.waitedMs / 60_000);
  write('');
  write(`── 2. The next ${minutes} min (virtual clock): each re-run completes, auto-retry handles its event`);
  for (const { afterMs, rerun, result } of healing.events) {
    write(
      `  +${duration(afterMs).padEnd(7)} #${rerun.runId} ${clip(rerun.workflowName, 18)} attempt ${rerun.attempt} ${rerun.conclusion ?? rerun.status} after ${duration(rerun.tookMs)}`,
    );
    printResult(result, write);
  }
  for (const r of healing.stillGoing) {
    write(`  still ${r.status}: #${r.runId} ${r.workflowName} attempt ${r.attempt}`);
  }
  const recovered = healing.events.filter((e) => e.result.kind === 'recovered').length;
  const runs = healing.first.filter(requested).length;
  write(`  → ${recovered} of the ${runs} re-run run(s) recovered; ${tally(healing.events.map((e) => e.result))}`);
  write('    (time to recover counts from the first failure: these failures had waited since the sample was recorded)');
}

/** The self-healing story, for a person: what was re-run and why, what was refused, what recovered. */
export function printSelfHealing(healing: SelfHealing, cwd: string, write: Write): void {
  write('');
  write(
    `── 1. Auto-retry (workflow_run: completed) on the ${healing.first.length} run(s) that failed in the last 24 h, at ${healing.startedAt}`,
  );
  for (const r of healing.first) printResult(r, write);
  write(`  → ${tally(healing.first)}`);
  printEvents(healing, write);
  if (healing.manifest !== null)
    write(`  decisions recorded in ${relative(cwd, healing.manifest) || healing.manifest}`);
}
