// Cold start of each bundled action (until it exits on a missing input) against `node -e 0`,
// interleaved in the same run so machine noise hits both alike. Goal: ratio ≤ 1.5.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const rounds = Number(process.env['BENCH_ROUNDS'] ?? 15);
const env = { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp' };

function timeOnce(args: string[]): number {
  const started = process.hrtime.bigint();
  spawnSync(process.execPath, args, { env, stdio: 'ignore' });
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

export function benchColdStart(): { name: string; ratio: number }[] {
  // Every action's entry in the shared bundle (dist/<name>.js), run until it exits on a missing input.
  const bundles = readdirSync(join(root, 'actions'))
    .map((name) => ({ name, file: join(root, 'dist', `${name}.js`) }))
    .filter((b) => existsSync(b.file));
  const results: { name: string; ratio: number }[] = [];
  for (const bundle of bundles) {
    const base: number[] = [];
    const action: number[] = [];
    timeOnce(['-e', '0']);
    timeOnce([bundle.file]);
    for (let i = 0; i < rounds; i++) {
      base.push(timeOnce(['-e', '0']));
      action.push(timeOnce([bundle.file]));
    }
    const ratio = median(action) / median(base);
    results.push({ name: bundle.name, ratio });
    console.log(
      `cold-start actions/${bundle.name}: ${median(action).toFixed(0)} ms vs node -e 0 ${median(base).toFixed(0)} ms → ratio ${ratio.toFixed(2)} (goal ≤ 1.50)`,
    );
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) benchColdStart();
