import type { AuditLoopResult } from '@opsguard/engine';
import { assertTimeZone } from '@opsguard/core';
import { join } from 'node:path';
import { booleanOption, integerOption, stringOption } from '../args.js';
import { writeLine, type CliCommand, type CliIo, type OptionSpec, type ParsedValues } from '../command.js';
import { outputDirectory } from '../out-dir.js';
import { clip } from '../report/format.js';
import { liveSource, sampleSource, sampleStateDir } from '../source.js';

const SHARED: Readonly<Record<string, OptionSpec>> = {
  repo: {
    type: 'string',
    description: 'a live repository (token from GITHUB_TOKEN); default: the bundled sample',
    valueName: 'OWNER/NAME',
  },
  days: { type: 'string', description: 'days of history to collect (1-30)', default: '30', valueName: 'N' },
  out: { type: 'string', description: 'where reports/YYYY-MM-DD/ goes', valueName: 'DIR' },
  'time-zone': {
    type: 'string',
    description: 'IANA time zone of the report folder and daily trends',
    default: 'Asia/Tokyo',
    valueName: 'TZ',
  },
  rules: { type: 'string', description: 'your detection rules JSON', valueName: 'FILE' },
  policy: { type: 'string', description: 'your retry policy JSON (labels failures by cause)', valueName: 'FILE' },
  json: { type: 'boolean', description: 'print JSON' },
};

/** Collect → diagnose (shadow) → KPIs → detect → bundle, read-only, from a repository or the sample. */
async function observe(name: 'kpi' | 'detect', values: ParsedValues, io: CliIo): Promise<AuditLoopResult> {
  const outDir = await outputDirectory(io.cwd, stringOption(values, 'out') ?? join('.opsguard', name));
  const timeZone = assertTimeZone(stringOption(values, 'time-zone') ?? 'Asia/Tokyo');
  const days = integerOption(values, 'days', { min: 1, max: 30 }) ?? 30;
  const repoArg = stringOption(values, 'repo');
  const rules = stringOption(values, 'rules');
  const policy = stringOption(values, 'policy');
  // A bad file is reported before anything is started or collected.
  const { loadDetectionRules, loadRetryPolicy } = await import('@opsguard/config');
  await Promise.all([loadDetectionRules(rules), loadRetryPolicy(policy)]);
  const source = repoArg ? await liveSource(repoArg, io.env) : await sampleSource(sampleStateDir(outDir));
  try {
    const { auditRepository } = await import('@opsguard/engine');
    const { label: _l, requests: _r, close: _c, ...setup } = source;
    return await auditRepository({
      ...setup,
      kind: name === 'kpi' ? 'kpi' : 'detect',
      env: io.env,
      cwd: io.cwd,
      apply: false,
      outDir,
      days,
      timeZone,
      policyFiles: { detectionRules: rules, retryPolicy: policy },
      jobs: repoArg ? 'failed' : 'all',
      actor: `${io.env['USER'] ?? 'someone'} via opsguard-cli`,
      log: (line) => writeLine(io.stderr, line),
    });
  } finally {
    await source.close();
  }
}

export const kpiCommand: CliCommand = {
  name: 'kpi',
  summary: 'CI health KPIs over 1, 7 and 30 days, per workflow, with the dashboard',
  usage: 'opsguard kpi [--repo OWNER/NAME] [--days N] [--out DIR] [--json]',
  options: SHARED,
  async run(values, _positionals, io) {
    const result = await observe('kpi', values, io);
    if (booleanOption(values, 'json')) {
      writeLine(io.stdout, JSON.stringify(result.kpi, null, 2));
      return 0;
    }
    const { duration, pct } = await import('@opsguard/evidence');
    for (const w of result.kpi.windows) {
      writeLine(io.stdout, `\nLast ${w.days} day(s): ${w.from} → ${w.to}`);
      writeLine(
        io.stdout,
        `  ${'workflow'.padEnd(22)}${'runs'.padStart(6)}${'success/run'.padStart(13)}${'success/att'.padStart(13)}${'p95 dur'.padStart(10)}${'p95 queue'.padStart(11)}${'MTTR'.padStart(10)}${'auto-rec'.padStart(10)}`,
      );
      const rows = [...Object.entries(w.byWorkflow), ['(all)', w.overall] as const];
      for (const [name, k] of rows) {
        writeLine(
          io.stdout,
          `  ${clip(name, 21).padEnd(22)}${String(k.runs).padStart(6)}${pct(k.successRateByRun).padStart(13)}${pct(k.successRateByAttempt).padStart(13)}${duration(k.durationMs.p95).padStart(10)}${duration(k.queueMs.p95).padStart(11)}${duration(k.mttrMs).padStart(10)}${pct(k.autoRecoveryRate).padStart(10)}`,
        );
      }
    }
    writeLine(io.stdout, `\nDashboard: ${join(result.bundle.dir, 'dashboard.html')}`);
    return 0;
  },
};

export const detectCommand: CliCommand = {
  name: 'detect',
  summary: 'Find CI anomalies: failure spikes, duration regressions, consecutive failures, stuck runs, retry storms',
  usage: 'opsguard detect [--repo OWNER/NAME] [--days N] [--json]',
  options: {
    ...SHARED,
    days: {
      type: 'string',
      description: 'days of history to collect (8+ gives the 7-day baseline)',
      default: '8',
      valueName: 'N',
    },
  },
  async run(values, _positionals, io) {
    const result = await observe('detect', values, io);
    if (booleanOption(values, 'json')) {
      writeLine(io.stdout, JSON.stringify(result.anomalies, null, 2));
    } else if (result.anomalies.length === 0) {
      writeLine(io.stdout, 'No anomalies.');
    } else {
      for (const a of result.anomalies) writeLine(io.stdout, `[${a.severity}] ${a.rule} · ${a.subject}: ${a.message}`);
    }
    // Exit 0 either way: finding anomalies is the command working. Scripts read --json.
    return 0;
  },
};
