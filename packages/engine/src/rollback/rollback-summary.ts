import { describeStep, markdownCell } from '@opsguard/core';
import type { RollbackReport } from './run-rollback.js';

/** What no rollback can undo, said in every plan and apply (docs/runbooks/rollback.md). */
export const ROLLBACK_LIMITS: readonly string[] = [
  'A deleted secret cannot be restored, only re-issued: revoke it where it was issued, issue a new one and set it (docs/runbooks/rollback.md says how to rotate).',
  'Files are put back as a new commit on the branch, never by a force push; apply refuses when the branch moved since the plan.',
  'Runs already finished stay finished: a rollback stops what runs and puts state back, it does not undo what a run did outside GitHub.',
];

/** The job summary (and the CLI's text) of a rollback plan, apply or history. */
export function rollbackSummary(report: RollbackReport): string {
  const lines: string[] = [];
  if (report.planned) {
    const { plan, hash } = report.planned;
    lines.push(`### OpsGuard rollback plan: ${plan.steps.length} step(s)`, '');
    lines.push(
      `Trigger: ${plan.trigger.condition}: ${markdownCell(plan.trigger.detail)}. Planned by ${plan.plannedBy} at ${plan.plannedAt}.`,
    );
    lines.push('', `SHA-256: \`${hash}\``, '');
    if (plan.steps.length === 0) lines.push('Nothing to roll back.');
    else {
      lines.push('| # | step | what it will change |', '|---|---|---|');
      plan.steps.forEach((step, i) => lines.push(`| ${i + 1} | ${step.kind} | ${markdownCell(describeStep(step))} |`));
    }
    lines.push('', 'Nothing was changed. Apply exactly this plan with `command: apply` and `plan-sha256` above.');
  }
  if (report.applied) {
    const a = report.applied;
    lines.push(
      `### OpsGuard rollback ${a.status === 'applied' ? 'applied' : '**partial**'}: plan \`${a.hash.slice(0, 12)}\``,
      '',
    );
    lines.push('| step | result | read back |', '|---|---|---|');
    for (const s of a.steps) lines.push(`| ${markdownCell(s.description)} | ${s.status} | ${markdownCell(s.detail)} |`);
    lines.push('', `Apply ${a.attempt}; rollback record \`${a.recordId}\`.`);
    if (a.failedStep)
      lines.push(
        '',
        `Step \`${a.failedStep.id}\` failed: apply the same plan again to finish (done steps are read back, not redone).`,
      );
  }
  if (report.command === 'history') {
    lines.push('### OpsGuard rollback history', '');
    if (report.history.length === 0) lines.push('No rollback history.');
    else {
      lines.push('| at | plan | event | step | detail |', '|---|---|---|---|---|');
      for (const e of report.history)
        lines.push(
          `| ${e.at} | \`${e.planHash.slice(0, 12)}\` | ${e.event} | ${markdownCell(e.step ?? '')} | ${markdownCell(e.detail)} |`,
        );
    }
  }
  if (report.command !== 'history') {
    lines.push('', '#### Limits', '');
    for (const limit of ROLLBACK_LIMITS) lines.push(`- ${limit}`);
  }
  if (report.notes.length > 0) {
    lines.push('', '#### Without a store', '');
    for (const note of report.notes) lines.push(`- ${note}`);
  }
  return lines.join('\n');
}
