// Bundles every action under actions/ into actions/<name>/dist/ (committed; CI rebuilds and fails
// on any difference). esbuild, not ncc: ncc's webpack runtime breaks PGlite's `await
// import('module')`, and esbuild is ~20× faster. ESM with code splitting, so the heavy parts
// (Octokit, PGlite, the artifact client) load only when an action reaches them.
import { build } from 'esbuild';
import { copyFileSync, existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const only = process.argv.slice(2);
const actions = readdirSync(join(root, 'actions'))
  .filter((name) => existsSync(join(root, 'actions', name, 'action.yml')))
  .filter((name) => only.length === 0 || only.includes(name));

// CommonJS dependencies (pg, parts of the Azure SDK) call require() and read __dirname; an ESM
// bundle provides both from import.meta.url.
const banner = [
  "import { createRequire as __opsguardCreateRequire } from 'node:module';",
  "import { fileURLToPath as __opsguardFileURLToPath } from 'node:url';",
  "import { dirname as __opsguardDirname } from 'node:path';",
  'const require = __opsguardCreateRequire(import.meta.url);',
  'const __filename = __opsguardFileURLToPath(import.meta.url);',
  'const __dirname = __opsguardDirname(__filename);',
].join('\n');

// PGlite finds its WebAssembly and data files next to the module that loads it (a dist chunk).
const pgliteDist = dirname(
  createRequire(join(root, 'packages', 'store', 'package.json')).resolve('@electric-sql/pglite'),
);
const PGLITE_ASSETS = ['pglite.wasm', 'pglite.data', 'initdb.wasm'];

async function bundle(name: string): Promise<void> {
  const dir = join(root, 'actions', name);
  const out = join(dir, 'dist');
  rmSync(out, { recursive: true, force: true });
  await build({
    entryPoints: { index: join(dir, 'src', 'index.ts') },
    outdir: out,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    minify: true,
    legalComments: 'none',
    chunkNames: 'chunks/[name]-[hash]',
    banner: { js: banner },
    logLevel: 'warning',
  });
  for (const asset of PGLITE_ASSETS) copyFileSync(join(pgliteDist, asset), join(out, 'chunks', asset));
  writeFileSync(join(out, 'package.json'), '{ "type": "module" }\n');
}

const started = performance.now();
for (const name of actions) {
  await bundle(name);
  console.log(`built actions/${name}/dist`);
}
console.log(`${actions.length} action(s) bundled in ${((performance.now() - started) / 1000).toFixed(1)} s`);
