import type { AuditLoopResult } from './audit-loop.js';
import type { RetryOutcome } from './retry-engine.js';

/**
 * What makes a run end non-zero: something it could not collect or do, or a change the user
 * asked for that was refused or failed. Typed, so the exit code and the summary agree.
 */
export type Problem =
  | { readonly kind: 'gap'; readonly step: string; readonly reason: string }
  | { readonly kind: 'refused'; readonly runId: number; readonly reason: string; readonly message: string }
  | { readonly kind: 'failed'; readonly runId: number; readonly message: string };

export function actProblems(decisions: readonly RetryOutcome[]): Problem[] {
  const out: Problem[] = [];
  for (const d of decisions) {
    if (d.act?.kind === 'refused')
      out.push({ kind: 'refused', runId: d.runId, reason: d.act.reason, message: d.act.message });
    if (d.act?.kind === 'failed') out.push({ kind: 'failed', runId: d.runId, message: d.act.message });
  }
  return out;
}

export function loopProblems(result: Pick<AuditLoopResult, 'gaps' | 'decisions'>): Problem[] {
  return [
    ...result.gaps.map((g) => ({ kind: 'gap' as const, step: g.step, reason: g.reason })),
    ...actProblems(result.decisions),
  ];
}

export function describeProblem(p: Problem): string {
  switch (p.kind) {
    case 'gap':
      return `${p.step}: ${p.reason}`;
    case 'refused':
      return `re-run of run ${p.runId} refused (${p.reason}): ${p.message}`;
    case 'failed':
      return `re-run of run ${p.runId} failed: ${p.message}`;
  }
}
