import { ConfigurationError } from '@opsguard/core';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { booleanOption } from '../args.js';
import { writeLine, type CliCommand } from '../command.js';

export const evidenceCommand: CliCommand = {
  name: 'evidence',
  summary: 'Check an evidence bundle: hashes, links, runs, and every number its documents state',
  usage: 'opsguard evidence verify DIR [--json]',
  positionals: ['verify', 'DIR'],
  options: {
    json: { type: 'boolean', description: 'print the report as JSON' },
  },
  async run(values, positionals, io) {
    const [verb, dir, ...extra] = positionals;
    if (verb !== 'verify')
      throw new ConfigurationError(`say what to do: verify (not ${verb ? `"${verb}"` : 'nothing'})`);
    if (dir === undefined || extra.length > 0)
      throw new ConfigurationError('verify takes one bundle folder: opsguard evidence verify DIR');
    const full = resolve(io.cwd, dir);
    if (!(await stat(full).catch(() => null))?.isDirectory()) throw new ConfigurationError(`${dir} is not a folder`);
    const { verifyBundle, formatProblem } = await import('@opsguard/evidence');
    const report = await verifyBundle(full);
    if (booleanOption(values, 'json')) {
      writeLine(io.stdout, JSON.stringify({ ...report, messages: report.problems.map(formatProblem) }, null, 2));
      return report.ok ? 0 : 1;
    }
    const c = report.checked;
    const what = `${c.files} files, ${c.links} links, ${c.runs} runs, ${c.numbers} numbers in ${c.documents} documents, ${c.figures} recounted figures`;
    if (report.ok) {
      writeLine(io.stdout, `ok: ${dir} (${what})`);
      return 0;
    }
    for (const problem of report.problems) writeLine(io.stdout, formatProblem(problem));
    writeLine(io.stderr, `${report.problems.length} problem(s) in ${dir} (checked ${what})`);
    return 1;
  },
};
