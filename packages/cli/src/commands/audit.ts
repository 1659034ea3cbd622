import { assertTimeZone, ConfigurationError } from '@opsguard/core';
import { booleanOption, choiceOption, integerOption, requiredString, stringOption } from '../args.js';
import type { CliCommand } from '../command.js';
import { outputDirectory } from '../out-dir.js';
import { runLoop } from '../run-loop.js';

export const auditCommand: CliCommand = {
  name: 'audit',
  summary: 'Run the ops-audit loop against a live repository (read-only unless --apply)',
  usage: 'opsguard audit --repo OWNER/NAME [--days N] [--apply] [--out DIR] [--artifacts none|failed|all]',
  options: {
    repo: { type: 'string', description: 'the repository, OWNER/NAME', valueName: 'OWNER/NAME' },
    days: { type: 'string', description: 'days of history to collect (1-30)', default: '7', valueName: 'N' },
    apply: {
      type: 'boolean',
      description: 're-run transient failures and open/close issues (default: decide and record only)',
    },
    out: {
      type: 'string',
      description: 'where reports/YYYY-MM-DD/ goes',
      default: '.opsguard/audit',
      valueName: 'DIR',
    },
    'time-zone': {
      type: 'string',
      description: 'IANA time zone of the report folder and daily trends',
      default: 'Asia/Tokyo',
      valueName: 'TZ',
    },
    jobs: {
      type: 'string',
      description: 'whose jobs to fetch: failed (fewer requests) or all (queue times)',
      default: 'failed',
      valueName: 'failed|all',
    },
    artifacts: {
      type: 'string',
      description: "copy run artifacts into the bundle (verbatim, NOT sanitised): none, failed runs' or all",
      default: 'none',
      valueName: 'none|failed|all',
    },
    'window-hours': {
      type: 'string',
      description: 'the re-run sweep takes failures that finished this recently (1-720)',
      default: '48',
      valueName: 'H',
    },
    policy: { type: 'string', description: 'your retry policy JSON', valueName: 'FILE' },
    rules: { type: 'string', description: 'your detection rules JSON', valueName: 'FILE' },
    'mask-rules': { type: 'string', description: 'your mask rules JSON', valueName: 'FILE' },
    json: { type: 'boolean', description: 'print the result as JSON' },
  },
  async run(values, _positionals, io) {
    const { parseRepo } = await import('@opsguard/github');
    const repo = parseRepo(requiredString(values, 'repo'));
    const token = io.env['GITHUB_TOKEN'] ?? io.env['GH_TOKEN'];
    if (!token)
      throw new ConfigurationError(
        'set GITHUB_TOKEN (a token with actions: read; actions: write and issues: write for --apply)',
      );
    const days = integerOption(values, 'days', { min: 1, max: 30 }) ?? 7;
    const apply = booleanOption(values, 'apply');
    // Outputs first: a folder that cannot be written is found before a single API call.
    const outDir = await outputDirectory(io.cwd, stringOption(values, 'out') ?? '.opsguard/audit');
    const [{ selectStore }, { killVariableSetting }] = await Promise.all([
      import('@opsguard/store'),
      import('@opsguard/engine'),
    ]);
    return runLoop(
      {
        kind: 'audit',
        repo,
        store: selectStore(io.env),
        killVariable: killVariableSetting(undefined, io.env),
        sweepWindowHours: integerOption(values, 'window-hours', { min: 1, max: 720 }) ?? 48,
        defaultBranch: null,
        token,
        apply,
        outDir,
        days,
        timeZone: assertTimeZone(stringOption(values, 'time-zone') ?? 'Asia/Tokyo'),
        policyFiles: {
          retryPolicy: stringOption(values, 'policy'),
          detectionRules: stringOption(values, 'rules'),
          maskRules: stringOption(values, 'mask-rules'),
        },
        jobs: choiceOption(values, 'jobs', ['failed', 'all'] as const) ?? 'failed',
        artifacts: choiceOption(values, 'artifacts', ['none', 'failed', 'all'] as const) ?? 'none',
        actor: `${io.env['USER'] ?? 'someone'} via opsguard-cli`,
        screenshot: { env: io.env },
        json: booleanOption(values, 'json'),
      },
      io,
    );
  },
};
