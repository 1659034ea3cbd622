import { assertTimeZone } from '@opsguard/core';
import { resolve } from 'node:path';
import { booleanOption, stringOption } from '../args.js';
import { writeLine, type CliCommand } from '../command.js';
import { runLoop } from '../run-loop.js';
import { sampleSource, sampleStateDir } from '../source.js';

export const demoCommand: CliCommand = {
  name: 'demo',
  summary: 'Run the whole loop on the bundled sample: no token, no network, embedded PGlite',
  usage: 'opsguard demo [--out DIR]',
  options: {
    out: {
      type: 'string',
      description: 'where the state and reports/YYYY-MM-DD/ go',
      default: '.opsguard/demo',
      valueName: 'DIR',
    },
    'time-zone': {
      type: 'string',
      description: 'IANA time zone of the report folder and daily trends',
      default: 'Asia/Tokyo',
      valueName: 'TZ',
    },
    json: { type: 'boolean', description: 'print the result as JSON' },
  },
  async run(values, _positionals, io) {
    const started = performance.now();
    const outDir = resolve(io.cwd, stringOption(values, 'out') ?? '.opsguard/demo');
    const timeZone = assertTimeZone(stringOption(values, 'time-zone') ?? 'Asia/Tokyo');
    const json = booleanOption(values, 'json');
    const source = await sampleSource(sampleStateDir(outDir));
    if (!json) writeLine(io.stdout, `OpsGuard demo: ${source.label}`);
    try {
      const code = await runLoop(
        {
          ...source,
          apply: true,
          outDir,
          days: 30,
          timeZone,
          policyFiles: {},
          jobs: 'all',
          actor: 'opsguard-demo',
          json,
        },
        io,
      );
      if (!json) {
        const reruns = source.requests().filter((r) => r.method === 'POST' && /\/rerun/.test(r.path)).length;
        writeLine(
          io.stdout,
          `The replayed API received ${reruns} re-run request(s); state is in ${sampleStateDir(outDir)}.`,
        );
        writeLine(
          io.stdout,
          `Done in ${((performance.now() - started) / 1000).toFixed(1)} s. Open the dashboard in a browser for the 7-day trends.`,
        );
      }
      return code;
    } finally {
      await source.close();
    }
  },
};
