import type { AuditTicket } from '@opsguard/core';
import { duration } from '../dashboard/format.js';
import { DocBuilder, docNumber, type GeneratedDocument } from '../docs/doc-builder.js';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** `audit_tickets/<id>.md`: the ticket for a reviewer; every number comes from its `.json`. */
export function renderTicket(ticket: AuditTicket): GeneratedDocument {
  const b = new DocBuilder();
  const http = ticket.classification.http;
  b.text(
    `# Audit ticket ${ticket.id}`,
    '',
    `**${ticket.risk.level.toUpperCase()}** · ${cell(ticket.title)} · ${ticket.status}`,
    '',
  );
  b.text(
    `- Risk: **${ticket.risk.level}** by rule \`${ticket.risk.rule}\` — ${cell(ticket.risk.reason)}`,
    `- Classified by HTTP status: ${http ? `${http.class}${http.status !== null ? ` (${http.status}, from the ${http.source})` : ''}` : 'none (the failure carries no HTTP status)'}`,
    `- Classified by cause: \`${ticket.classification.cause.name}\` (${ticket.classification.cause.family}, ${ticket.classification.cause.transient ? 'transient' : 'deterministic'})`,
  );
  b.line`- Occurrences: ${docNumber(ticket.occurrences, '/occurrences')} in all, ${docNumber(ticket.period.occurrences, '/period/occurrences')} in this window, ${docNumber(ticket.period.newOccurrences, '/period/newOccurrences')} new today`;
  b.text(
    `- First seen ${ticket.firstSeenAt}, last seen ${ticket.lastSeenAt} (UTC); counted on ${ticket.seenOn.join(', ') || '–'}`,
    `- Fingerprint \`${ticket.fingerprint}\`: cause \`${ticket.cluster.cause}\`, workflow ${cell(ticket.cluster.workflow)}, job ${cell(ticket.cluster.job ?? '–')}, message \`${ticket.cluster.message.replace(/`/g, "'")}\``,
    `- GitHub issue: ${ticket.issue ? `[#${ticket.issue.number}](${ticket.issue.url})` : 'none'}`,
    '',
    '## Error',
    '',
  );
  b.line`- Code: ${ticket.error.code === null ? 'none' : docNumber(ticket.error.code, '/error/code')}; at ${ticket.error.at}; run ${docNumber(ticket.error.runId, '/error/runId')}`;
  b.text(
    `- Message: \`${ticket.error.message.replace(/`/g, "'")}\``,
    `- Classes: ${ticket.error.classes.join(', ')}`,
    '',
    '## Runs',
    '',
  );
  if (ticket.runs.length === 0) b.text('No run of this window.', '');
  else {
    b.text(
      '| run | attempt | started (UTC) | actor | conclusion | duration | artifacts | logs |',
      '|---|---:|---|---|---|---|---|---|',
    );
    ticket.runs.forEach((r, i) => {
      const artifacts =
        r.artifacts.length === 0
          ? (r.artifactsNote ?? 'none')
          : r.artifacts
              .map((a) =>
                a.path
                  ? `[${cell(a.name)}](../${a.path}) ${a.bytes ?? 0} B sha256 \`${(a.sha256 ?? '').slice(0, 12)}…\``
                  : `${cell(a.name)} skipped: ${a.skipped ?? ''}`,
              )
              .join('<br>');
      const logs =
        r.logs.length === 0
          ? (r.logsNote ?? 'none')
          : r.logs.map((l) => `[${l.file}](../${l.file}) ${l.bytes} B`).join('<br>');
      b.line`| [${docNumber(r.runId, `/runs/${i}/runId`)}](${r.url}) | ${docNumber(r.attempt, `/runs/${i}/attempt`)} | ${r.at} | ${cell(r.actor ?? '–')} | ${r.conclusion ?? '–'} | ${duration(r.durationMs)} | ${artifacts} | ${logs} |`;
    });
    b.text('');
    const excerpts = ticket.runs.flatMap((r) => r.logs.map((l) => ({ run: r.runId, log: l })));
    for (const { run, log } of excerpts.slice(0, 3)) {
      b.text(
        `Sanitised excerpt of ${log.file} (run ${run}):`,
        '',
        '```',
        ...log.excerpt.map((l) => l.replace(/```/g, "'''")),
        '```',
        '',
      );
    }
  }
  b.text('## Retries', '');
  if (ticket.retries.length === 0) b.text('No retry decision for these runs.', '');
  else {
    b.text(
      '| re-run | original run | count | reason | result | interval | decided (UTC) | outcome |',
      '|---|---:|---:|---|---|---|---|---|',
    );
    ticket.retries.forEach((r, i) => {
      b.line`| ${r.rerunId} | ${docNumber(r.originalRunId, `/retries/${i}/originalRunId`)} | ${docNumber(r.count, `/retries/${i}/count`)} | ${cell(r.reason)} | ${cell(r.result ?? '–')} | ${docNumber(r.intervalMs, `/retries/${i}/intervalMs`, 'duration')} | ${r.at} | ${r.outcome} |`;
    });
    b.text('');
  }
  b.text('## Kill switch', '');
  if (ticket.killSwitch.length === 0) b.text('No kill-switch change covered this workflow in the window.', '');
  else {
    b.text('| when (UTC) | actor | change | target | reason | log | notification |', '|---|---|---|---|---|---|---|');
    for (const k of ticket.killSwitch) {
      b.text(
        `| ${k.at} | ${cell(k.actor)} | ${k.active ? 'activated' : 'deactivated'} | ${k.scope}:${cell(k.target)} | ${cell(k.reason)} | ${k.log.startsWith('logs/') ? `[${k.log.split('/').pop() ?? k.log}](../${k.log})` : `\`${k.log}\``} | ${cell(k.notification ?? 'none')} |`,
      );
    }
    b.text('');
  }
  b.text(
    '---',
    '',
    `Generated ${ticket.updatedAt} from [${ticket.id}.json](${ticket.id}.json); bundle index [_evidence_index.md](../_evidence_index.md). Generated, never hand-edited: \`opsguard evidence verify\` checks every number above against the JSON.`,
  );
  return b.build(`audit_tickets/${ticket.id}.md`, `audit_tickets/${ticket.id}.json`);
}
