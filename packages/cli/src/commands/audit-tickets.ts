import { assertTimeZone, ConfigurationError, type AuditTicket } from '@opsguard/core';
import { resolve } from 'node:path';
import { booleanOption, integerOption, requiredString, stringOption } from '../args.js';
import { writeLine, type CliCommand, type CliIo } from '../command.js';
import { clip } from '../report/format.js';

const RANK = { critical: 0, high: 1, medium: 2, low: 3 } as const;

function printTickets(io: CliIo, tickets: readonly AuditTicket[], where: string): void {
  const by = (level: AuditTicket['risk']['level']) => tickets.filter((t) => t.risk.level === level).length;
  writeLine(
    io.stdout,
    `${tickets.length} audit ticket(s) in ${where}: ${by('critical')} critical, ${by('high')} high, ${by('medium')} medium, ${by('low')} low`,
  );
  const sorted = [...tickets].sort((a, b) => RANK[a.risk.level] - RANK[b.risk.level] || b.occurrences - a.occurrences);
  for (const t of sorted) {
    const http = t.classification.http?.class ?? '–';
    writeLine(
      io.stdout,
      `  ${t.id}  ${t.risk.level.padEnd(8)} ${t.risk.rule.padEnd(24)} ${http.padEnd(18)} ×${String(t.occurrences).padEnd(4)} ${clip(t.title, 60)}${t.issue ? `  ${t.issue.url}` : ''}`,
    );
  }
}

export const auditTicketsCommand: CliCommand = {
  name: 'audit-tickets',
  summary: 'One audit ticket per failure cluster (risk by config/audit-rules.json), or list a bundle’s tickets',
  usage:
    'opsguard audit-tickets --repo OWNER/NAME [--days N] [--out DIR] [--issues] [--audit-rules FILE] | --bundle DIR',
  options: {
    repo: { type: 'string', description: 'the repository, OWNER/NAME (GITHUB_TOKEN)', valueName: 'OWNER/NAME' },
    bundle: {
      type: 'string',
      description: 'list the tickets of this bundle folder instead (no network)',
      valueName: 'DIR',
    },
    days: { type: 'string', description: 'days of failures to cluster (1-30)', default: '7', valueName: 'N' },
    out: {
      type: 'string',
      description: 'where reports/YYYY-MM-DD/ goes',
      default: '.opsguard/audit',
      valueName: 'DIR',
    },
    'time-zone': {
      type: 'string',
      description: 'IANA time zone of the folder date and ticket stamps',
      default: 'Asia/Tokyo',
      valueName: 'TZ',
    },
    issues: { type: 'boolean', description: 'open a GitHub issue per high/critical ticket (issues: write)' },
    'audit-rules': { type: 'string', description: 'your audit-rules JSON', valueName: 'FILE' },
    policy: { type: 'string', description: 'your retry policy JSON', valueName: 'FILE' },
    json: { type: 'boolean', description: 'print the tickets as JSON' },
  },
  async run(values, _positionals, io) {
    const json = booleanOption(values, 'json');
    const bundle = stringOption(values, 'bundle');
    if (bundle !== undefined) {
      const { readBundleTickets } = await import('@opsguard/evidence');
      const tickets = [...(await readBundleTickets(resolve(io.cwd, bundle))).values()];
      if (json) writeLine(io.stdout, JSON.stringify(tickets, null, 2));
      else printTickets(io, tickets, bundle);
      return 0;
    }
    const { parseRepo } = await import('@opsguard/github');
    const repo = parseRepo(requiredString(values, 'repo'));
    const token = io.env['GITHUB_TOKEN'] ?? io.env['GH_TOKEN'];
    if (!token)
      throw new ConfigurationError('set GITHUB_TOKEN (a token with actions: read; issues: write for --issues)');
    const [{ auditRepository, killVariableSetting }, { selectStore }] = await Promise.all([
      import('@opsguard/engine'),
      import('@opsguard/store'),
    ]);
    const result = await auditRepository({
      kind: 'tickets',
      store: selectStore(io.env),
      killVariable: killVariableSetting(undefined, io.env),
      repo,
      defaultBranch: null,
      token,
      env: io.env,
      cwd: io.cwd,
      // Tickets record: nothing is re-run, anomaly issues stay with `opsguard audit --apply`.
      apply: false,
      outDir: resolve(io.cwd, stringOption(values, 'out') ?? '.opsguard/audit'),
      days: integerOption(values, 'days', { min: 1, max: 30 }) ?? 7,
      timeZone: assertTimeZone(stringOption(values, 'time-zone') ?? 'Asia/Tokyo'),
      policyFiles: { retryPolicy: stringOption(values, 'policy'), auditRules: stringOption(values, 'audit-rules') },
      jobs: 'failed',
      ticketIssues: booleanOption(values, 'issues'),
      screenshot: { env: io.env },
      actor: `${io.env['USER'] ?? 'someone'} via opsguard-cli`,
      log: (line) => writeLine(io.stderr, line),
    });
    if (json) writeLine(io.stdout, JSON.stringify(result.bundle.tickets, null, 2));
    else printTickets(io, result.bundle.tickets, result.bundle.dir);
    return 0;
  },
};
