// The retry action's time from process start to the re-run request on the replay: store-less
// (what a runner does now) against the same handler on an embedded PGlite (what every job paid
// before), alternated in one run so machine noise hits both alike. Ratio = PGlite / store-less.
import { movedSample, startReplayServer, type Sample } from '@opsguard/sample';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const rounds = Number(process.env['BENCH_ROUNDS'] ?? 5);
const tsx = join(root, 'node_modules', '.bin', 'tsx');

/** A failed first attempt whose annotation says the runner was lost (transient: re-run). */
function transientFailure(sample: Sample): number {
  const latest = [...new Map(sample.runs.map((r) => [Number(r.id), r])).values()].reverse();
  const run = latest.find(
    (r) =>
      r.conclusion === 'failure' &&
      r.run_attempt === 1 &&
      (sample.jobs[String(r.id)]?.['1'] ?? []).some((j) =>
        (sample.annotations[String(j.id)] ?? []).some((a) =>
          /lost communication|shutdown signal/.test(a.message ?? ''),
        ),
      ),
  );
  if (!run) throw new Error('the sample has no transient first-attempt failure');
  return Number(run.id);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function once(mode: 'none' | 'pglite', dir: string): Promise<number> {
  // A fresh replay each time: the re-run changes its state.
  const sample = await movedSample(join(dir, `${mode}-${Math.random()}`), new Date());
  const server = await startReplayServer({ sample, now: () => new Date() });
  try {
    const started = performance.now();
    // Asynchronously: the replay in this process must answer while the child runs.
    const args = [join(root, 'bench', 'support', 'retry-once.ts'), mode, server.url, String(transientFailure(sample))];
    const child = spawn(tsx, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    if (code !== 0) throw new Error(`${mode}: ${stderr}`);
    return performance.now() - started;
  } finally {
    await server.close();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'bench-retry-'));
const none: number[] = [];
const pglite: number[] = [];
try {
  for (let i = 0; i < rounds; i++) {
    none.push(await once('none', dir));
    pglite.push(await once('pglite', dir));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(
  `retry action, start → re-run requested: store-less ${median(none).toFixed(0)} ms vs PGlite ${median(pglite).toFixed(0)} ms → PGlite/store-less ratio ${(median(pglite) / median(none)).toFixed(2)} (median of ${rounds})`,
);
