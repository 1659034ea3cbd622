// Bundles every action under actions/ with @vercel/ncc into actions/<name>/dist/ (committed;
// CI rebuilds and fails on any difference). Two at a time: the machines have 2 cores.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const only = process.argv.slice(2);
const actions = readdirSync(join(root, 'actions'))
  .filter((name) => existsSync(join(root, 'actions', name, 'action.yml')))
  .filter((name) => only.length === 0 || only.includes(name));

function build(name: string): Promise<void> {
  const dir = join(root, 'actions', name);
  rmSync(join(dir, 'dist'), { recursive: true, force: true });
  const ncc = join(root, 'node_modules', '.bin', 'ncc');
  return new Promise((resolve, reject) => {
    const child = spawn(ncc, ['build', 'src/index.ts', '-o', 'dist', '--license', 'licenses.txt', '--quiet'], {
      cwd: dir,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`ncc failed for actions/${name} (exit ${code})`)),
    );
  });
}

const started = performance.now();
const queue = [...actions];
await Promise.all(
  [0, 1].map(async () => {
    for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
      await build(name);
      console.log(`built actions/${name}/dist`);
    }
  }),
);
console.log(`${actions.length} action(s) bundled in ${((performance.now() - started) / 1000).toFixed(1)} s`);
