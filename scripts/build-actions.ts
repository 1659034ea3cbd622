// Bundles every action into ONE shared folder, `dist/` at the repository root (committed; CI
// rebuilds and fails on any difference). A runner downloads the whole repository for each
// `uses:`, so the actions share their chunks instead of each carrying its own copy, as
// github/codeql-action does with `lib/`: each `actions/<name>/action.yml` says
// `main: ../../dist/<name>.js`. esbuild, not ncc (docs/design-notes.md has the reproduction):
// ncc's webpack runtime breaks dynamic `import()` of ESM-only packages, and esbuild is ~20×
// faster. ESM with code splitting, so what an action never reaches (Supabase, pg, the artifact
// client) is a chunk it never loads.
import { build, type Plugin } from 'esbuild';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const out = join(root, 'dist');

/** Every action with metadata and an entry: `actions/<name>/src/index.ts` → `dist/<name>.js`. */
export function actionEntries(): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const name of readdirSync(join(root, 'actions')).sort()) {
    const entry = join(root, 'actions', name, 'src', 'index.ts');
    if (existsSync(join(root, 'actions', name, 'action.yml')) && existsSync(entry)) entries[name] = entry;
  }
  return entries;
}

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

/**
 * PGlite (15 MB of WebAssembly) stays out of the action bundle: an embedded database would vanish
 * with the runner, so actions run store-less or on the store their inputs name (DESIGN.md
 * "State"). The CLI keeps PGlite as its local default. Reaching it from an action is a bug,
 * reported as one clear error.
 */
const withoutPglite: Plugin = {
  name: 'without-pglite',
  setup(b) {
    b.onResolve({ filter: /^@electric-sql\/pglite(\/.*)?$/ }, (args) => ({ path: args.path, namespace: 'no-pglite' }));
    b.onLoad({ filter: /.*/, namespace: 'no-pglite' }, () => ({
      contents: [
        'const refuse = () => { throw new Error("the embedded PGlite store is not part of the action bundle: give the action supabase-url + supabase-key or database-url, or run it store-less"); };',
        'export const PGlite = { create: refuse };',
      ].join('\n'),
      loader: 'js',
    }));
  },
};

export async function buildActions(): Promise<{ entries: number }> {
  const entries = actionEntries();
  rmSync(out, { recursive: true, force: true });
  await build({
    entryPoints: entries,
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
    plugins: [withoutPglite],
    logLevel: 'warning',
  });
  writeFileSync(join(out, 'package.json'), '{ "type": "module" }\n');
  return { entries: Object.keys(entries).length };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = performance.now();
  const { entries } = await buildActions();
  console.log(`${entries} action(s) bundled into dist/ in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
