import { markdownCell } from '@opsguard/core';
import type { KillSwitchReport } from './operate-kill-switch.js';

/** The job summary (and the CLI's text) of a kill-switch command: what holds, stopped, failed. */
export function killSwitchSummary(report: KillSwitchReport): string {
  const { status } = report;
  const head =
    status.active.length === 0 ? 'automation runs' : status.allStopped ? 'ALL automation stopped' : 'partly stopped';
  const lines = [`### OpsGuard kill switch: ${head}`, ''];
  if (status.active.length > 0) {
    lines.push('| scope | target | source | reason |', '|---|---|---|---|');
    for (const s of status.active)
      lines.push(`| ${s.scope} | ${markdownCell(s.target)} | ${s.source} | ${markdownCell(s.reason ?? '')} |`);
  } else lines.push('No kill switch is on.');
  lines.push('', `Held in: ${report.holder === 'store' ? 'the store' : 'the OPSGUARD_KILL repository variable'}.`);
  if (report.command === 'activate' || report.command === 'deactivate')
    lines.push(`Read back: ${report.verified ? 'verified' : '**NOT verified** (see below)'}.`);
  if (report.stop) {
    lines.push('', `#### What the brake stopped${report.stop.dryRun ? ' (dry run: nothing changed)' : ''}`, '');
    lines.push('| workflow | before | now |', '|---|---|---|');
    for (const w of report.stop.workflows) lines.push(`| ${markdownCell(w.name)} | ${w.prior} | ${w.outcome} |`);
    lines.push(
      '',
      `Cancelled ${report.stop.cancelled.length} run(s), force-cancelled ${report.stop.forceCancelled.length}; still running: ${report.stop.stillRunning.length}.`,
    );
    if (report.stop.notStopped.length > 0) {
      lines.push('', '**Could not be stopped:**', '');
      for (const n of report.stop.notStopped) lines.push(`- ${n.target} (${n.step}): ${markdownCell(n.message)}`);
    }
    lines.push('', `Rollback record: \`${report.stop.recordId}\`.`);
  }
  if (report.restore) {
    lines.push('', '#### Restored', '', '| workflow | outcome | note |', '|---|---|---|');
    for (const w of report.restore.workflows)
      lines.push(`| ${markdownCell(w.name)} | ${w.outcome} | ${markdownCell(w.detail ?? '')} |`);
  }
  if (report.recovery) {
    const r = report.recovery;
    lines.push('', `#### Recovery: ${r.ok ? 'verified' : '**not recovered**'}`, '', r.message);
    if (r.watched.length > 0) {
      lines.push('', '| workflow | next run | verdict |', '|---|---|---|');
      for (const w of r.watched)
        lines.push(
          `| ${markdownCell(w.name)} | ${w.run ? `${w.run.id} ${w.run.conclusion ?? w.run.status}` : 'none'} | ${w.verdict} |`,
        );
    }
  }
  if (report.variable) {
    const v = report.variable;
    lines.push(
      '',
      v.outcome === 'deleted'
        ? 'OPSGUARD_KILL deleted: it did not exist before the kill switch.'
        : v.outcome === 'restored'
          ? `OPSGUARD_KILL put back to its value before the kill switch: \`${markdownCell(v.value ?? '')}\`.`
          : `OPSGUARD_KILL kept as someone changed it after the kill switch (only this switch removed): \`${markdownCell(v.value ?? '')}\`.`,
    );
  }
  if (report.log) {
    lines.push(
      '',
      '#### Kill-switch log',
      '',
      '| at | scope | target | on | actor | reason |',
      '|---|---|---|---|---|---|',
    );
    for (const e of report.log)
      lines.push(
        `| ${e.at} | ${e.scope} | ${markdownCell(e.target)} | ${e.active ? 'on' : 'off'} | ${markdownCell(e.actor)} | ${markdownCell(e.reason)} |`,
      );
  }
  if (report.command === 'list') {
    lines.push('', '#### What the brake changed (rollback records)', '');
    if (report.records.length === 0) lines.push('None.');
    for (const r of report.records) {
      const failed = r.steps.filter((s) => s.status === 'failed').length;
      lines.push(
        `- ${r.createdAt} ${r.scope} — ${r.status}, ${r.steps.length} step(s)${failed ? `, ${failed} failed` : ''}: ${markdownCell(r.reason)}`,
      );
    }
  }
  if (status.variable === null)
    lines.push('', 'OPSGUARD_KILL is not visible to this step: pass `kill-variable: ${{ vars.OPSGUARD_KILL }}`.');
  return lines.join('\n');
}
