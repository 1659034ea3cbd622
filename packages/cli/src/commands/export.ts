import { createWriteStream } from 'node:fs';
import { resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import { ConfigurationError, createSanitizer } from '@opsguard/core';
import { choiceOption, integerOption, stringOption } from '../args.js';
import { writeLine, type CliCommand } from '../command.js';

const TABLES = ['runs', 'jobs', 'retry-history', 'audit', 'metrics'] as const;
const FORMATS = ['json', 'ndjson', 'csv', 'otel'] as const;

function dateOption(value: string | undefined, name: string): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime()))
    throw new ConfigurationError(`--${name} must be an ISO-8601 date or time, not "${value}"`);
  return date;
}

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'Stream a table out of the store as json, ndjson, csv or OTLP JSON (otel), sanitised',
  usage:
    'opsguard export --format json|ndjson|csv|otel [--table T] [--since D] [--until D] [--repository R] [--out FILE]',
  options: {
    format: {
      type: 'string',
      description: 'json, ndjson, csv or otel (OTLP JSON spans, runs only)',
      default: 'ndjson',
      valueName: 'F',
    },
    table: { type: 'string', description: TABLES.join(', '), default: 'runs', valueName: 'T' },
    since: { type: 'string', description: 'from this time (inclusive)', valueName: 'D' },
    until: { type: 'string', description: 'to this time (exclusive)', valueName: 'D' },
    repository: { type: 'string', description: 'only this repository', valueName: 'OWNER/NAME' },
    workflow: { type: 'string', description: 'only this workflow', valueName: 'NAME' },
    out: { type: 'string', description: 'write here instead of stdout', valueName: 'FILE' },
    'mask-rules': {
      type: 'string',
      description: 'mask rules JSON merged over config/mask-rules.json',
      valueName: 'FILE',
    },
    policy: {
      type: 'string',
      description: 'retry policy JSON (its transient causes are the CI system’s fault in otel)',
      valueName: 'FILE',
    },
    'page-size': { type: 'string', description: 'rows per store round trip', default: '1000', valueName: 'N' },
  },
  async run(values, positionals, io) {
    if (positionals.length > 0) throw new ConfigurationError(`export takes no arguments ("${positionals[0]}")`);
    const format = choiceOption(values, 'format', FORMATS) ?? 'ndjson';
    const table = choiceOption(values, 'table', TABLES) ?? 'runs';
    if (format === 'otel' && table !== 'runs')
      throw new ConfigurationError('--format otel exports runs (with their jobs): use --table runs');
    const since = dateOption(stringOption(values, 'since'), 'since');
    const until = dateOption(stringOption(values, 'until'), 'until');
    const pageSize = integerOption(values, 'page-size', { min: 1, max: 10_000 }) ?? 1000;
    const repository = stringOption(values, 'repository');
    const workflow = stringOption(values, 'workflow');
    const { loadMaskRules, loadRetryPolicy } = await import('@opsguard/config');
    const [mask, policy] = await Promise.all([
      loadMaskRules(stringOption(values, 'mask-rules')),
      loadRetryPolicy(stringOption(values, 'policy')),
    ]);
    const sanitize = createSanitizer({
      rules: mask.rules,
      allowlist: mask.allowlist,
      ...(mask.minValueLength !== undefined && { minValueLength: mask.minValueLength }),
    }).sanitize;
    const systemCauses = new Set(
      Object.entries(policy.causes)
        .filter(([, rule]) => rule.transient)
        .map(([cause]) => cause),
    );

    const [{ writeExport }, { apiCapabilitiesOf, openStore, selectStore }] = await Promise.all([
      import('@opsguard/api'),
      import('@opsguard/store'),
    ]);
    const outPath = stringOption(values, 'out');
    const out = outPath ? createWriteStream(resolve(io.cwd, outPath)) : io.stdout;
    const store = await openStore(selectStore(io.env), { cwd: io.cwd });
    try {
      const result = await writeExport({
        reader: apiCapabilitiesOf(store).reader,
        table,
        format,
        filter: {
          ...(repository !== undefined && { repository }),
          ...(workflow !== undefined && { workflow }),
          ...(since && { since }),
          ...(until && { until }),
        },
        out,
        sanitize,
        systemCauses,
        pageSize,
      });
      if (outPath) {
        out.end();
        await finished(out);
      }
      const jobs = format === 'otel' ? ` and ${result.jobs} jobs` : '';
      writeLine(
        io.stderr,
        `exported ${result.rows} ${table} rows${jobs} as ${format} in ${result.pages} pages (store: ${store.kind})`,
      );
      return 0;
    } finally {
      await store.close();
    }
  },
};
