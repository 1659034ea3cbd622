import { markdownCell, type RollbackHistoryEntry, type RollbackRules } from '@opsguard/core';
import type { ExtraDocument } from '../bundle/write-bundle.js';
import { DocBuilder, docNumber } from './doc-builder.js';

export const ROLLBACK_PROTOCOL_FILE = 'ROLLBACK_PROTOCOL.md';
export const ROLLBACK_HISTORY_FILE = 'rollback_history.json';

export interface RollbackProtocolInput {
  readonly repo: string;
  /** The bundle's period (UTC ISO-8601). */
  readonly window: { readonly from: string; readonly to: string };
  readonly rules: RollbackRules;
  /** This period's rollback history, oldest first. */
  readonly history: readonly RollbackHistoryEntry[];
}

const CONDITION_TEXT: Readonly<Record<string, string>> = {
  'consecutive-failures': 'a workflow failed {count} times in a row on the default branch',
  'critical-anomaly': 'detection reported a critical anomaly',
  'secret-leak': 'the sanitiser found a secret in collected text',
  manual: 'a person asked (opsguard rollback plan, or the rollback workflow)',
};

/**
 * ROLLBACK_PROTOCOL.md for the evidence bundle, generated from the rules in force (conditions,
 * steps, verification) and this period's rollback history; every count it states comes from
 * rollback_history.json, so `evidence verify` checks it.
 */
export function rollbackProtocolDocument(input: RollbackProtocolInput): ExtraDocument {
  const count = (event: string) => input.history.filter((e) => e.event === event).length;
  const counts = {
    entries: input.history.length,
    plans: count('planned'),
    applies: count('apply-started'),
    applied: count('applied'),
    partial: count('partial'),
    stepsDone: count('step-done'),
    stepsFailed: count('step-failed'),
    recoveriesVerified: count('recovery-verified'),
    recoveriesFailed: count('recovery-failed'),
  };
  const source = {
    repo: input.repo,
    window: input.window,
    rules: input.rules,
    counts,
    entries: input.history.map((e) => ({ ...e, data: e.event === 'planned' ? { steps: stepsOf(e) } : e.data })),
  };
  const b = new DocBuilder();
  b.text(`# Rollback protocol — ${input.repo}`, '', `Period ${input.window.from} → ${input.window.to} (UTC).`, '');
  b.text('## When a rollback is planned or applied', '');
  for (const c of input.rules.conditions) {
    const what = (CONDITION_TEXT[c.kind] ?? c.kind).replace('{count}', String(c.count ?? 3));
    const scope = c.workflows === undefined ? '' : ` (workflows: ${c.workflows.join(', ')})`;
    b.text(`- ${what}${scope} → **${c.response}**`);
  }
  b.text(
    '',
    'A plan is shown first (job summary, `opsguard rollback plan`) and identified by the SHA-256 of its canonical JSON; `apply` runs exactly the plan with that hash and nothing else.',
    '',
    '## Steps (each optional, in this order)',
    '',
    `1. Stop the workflow: disable it and cancel its unfinished runs, force-cancel what ignores the cancel${input.rules.steps.stopWorkflow ? '' : ' (off by default here)'}.`,
    `2. Remove named secrets${input.rules.steps.removeSecrets.length > 0 ? ` (by default: ${input.rules.steps.removeSecrets.join(', ')})` : ''}; needs a token with Secrets: write, checked before anything changes. **A deleted secret cannot be restored, only re-issued**: rotate it at its source and set the new value.`,
    `3. Restore named config files${input.rules.steps.restoreFiles.length > 0 ? ` (by default: ${input.rules.steps.restoreFiles.join(', ')})` : ''} to the last good commit as a new commit on the branch (never a force push); refused when the branch moved since the plan.`,
    `4. Re-enable the workflows the kill switch disabled${input.rules.steps.reenableDisabled ? '' : ' (off by default here)'}; a workflow a person had disabled stays disabled.`,
    `5. Restore repository variables OpsGuard changed${input.rules.steps.restoreVariables ? '' : ' (off by default here)'}.`,
    '',
    '## Verification',
    '',
    '- Every step is read back before it counts as done (workflow state, runs finished, the secret gone, the branch head holding the good files, variable values).',
    '- The record (prior state, each step) is written before the first change; a failed step stops the apply and is reported, and applying the same plan again finishes it.',
    `- The recovery handler re-enables and watches the next run of each re-enabled workflow for up to ${input.rules.verification.watchNextRunMinutes} min, then reports.`,
    '',
    '## History this period',
    '',
  );
  b.line`${docNumber(counts.plans, '/counts/plans')} plan(s), ${docNumber(counts.applies, '/counts/applies')} apply run(s): ${docNumber(counts.applied, '/counts/applied')} applied, ${docNumber(counts.partial, '/counts/partial')} partial; ${docNumber(counts.stepsDone, '/counts/stepsDone')} step(s) done, ${docNumber(counts.stepsFailed, '/counts/stepsFailed')} failed; recoveries verified ${docNumber(counts.recoveriesVerified, '/counts/recoveriesVerified')}, not ${docNumber(counts.recoveriesFailed, '/counts/recoveriesFailed')}.`;
  if (input.history.length > 0) {
    b.text('', '| at (UTC) | plan | event | step | by | detail |', '|---|---|---|---|---|---|');
    for (const e of input.history) {
      b.text(
        `| ${e.at} | \`${e.planHash.slice(0, 12)}\` | ${e.event} | ${e.step ?? ''} | ${markdownCell(e.actor)} | ${markdownCell(e.detail)} |`,
      );
    }
  } else b.text('', 'No rollback this period.');
  return { document: b.build(ROLLBACK_PROTOCOL_FILE, ROLLBACK_HISTORY_FILE), source };
}

function stepsOf(entry: RollbackHistoryEntry): unknown {
  const plan = entry.data['plan'];
  return plan !== null && typeof plan === 'object' && !Array.isArray(plan) ? (plan['steps'] ?? []) : [];
}
