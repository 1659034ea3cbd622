// One retry-action run in its own process, as a runner starts it: the runtime on the given store
// (store-less, or an embedded PGlite in a fresh folder), then the workflow_run handler for one
// failed run of the replay. Prints the ms from process start to the re-run request's answer.
import { createRuntime, handleRunEvent, runEventDepsOf } from '@opsguard/engine';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [mode = 'none', apiUrl = '', runId = '0'] = process.argv.slice(2);
const repo = { owner: 'acme', repo: 'webshop' };
const log = () => undefined;
const runtime = await createRuntime({
  repo,
  token: 'bench-token',
  apiUrl,
  env: {},
  store:
    mode === 'pglite'
      ? { kind: 'pglite', dataDir: join(mkdtempSync(join(tmpdir(), 'bench-pglite-')), 'db') }
      : { kind: 'none' },
  cwd: process.cwd(),
  actor: 'bench',
  log,
  killVariable: { kind: 'value', value: null, from: 'input' },
  policyFiles: {},
  paceRequests: false,
  // The replay's runs are decided now: backoff 0 so the measure is the work, not the wait.
  retry: {},
});
const deps = runEventDepsOf(runtime, { repo, actor: 'bench', log, maxWaits: 0, outDir: null, timeZone: 'UTC' });
const result = await handleRunEvent(
  { ...deps, limits: { ...deps.limits, backoff: { ...deps.limits.backoff, baseMs: 0, maxMs: 0 } } },
  Number(runId),
);
const ms = performance.now();
await runtime.close();
if (result.kind !== 'decided' || result.outcome.act?.kind !== 'requested') {
  console.error(`no re-run requested: ${JSON.stringify(result.kind === 'decided' ? result.outcome.act : result)}`);
  process.exit(1);
}
console.log(JSON.stringify({ ms }));
