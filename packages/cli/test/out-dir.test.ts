import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import type { CliIo } from '../src/command.js';
import { main } from '../src/main.js';
import { outputDirectory } from '../src/out-dir.js';
import { sampleSource } from '../src/source.js';

let cwd = '';
let file = '';
beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'opsguard-cli-out-'));
  file = join(cwd, 'report.txt');
  await writeFile(file, 'not a directory');
});
afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

/** Servers listening in this process: a leaked replay server would show here (and keep a CLI alive). */
async function listening(): Promise<number> {
  // A closed handle leaves the list on the next turn of the event loop.
  await new Promise((resolve) => setImmediate(resolve));
  return process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap').length;
}

async function opsguard(args: readonly string[], env: Record<string, string> = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const io: CliIo = { stdin: Readable.from([]), stdout, stderr, env, cwd, now: () => new Date() };
  const code = await main(args, io);
  return { code, stdout: out, stderr: err };
}

describe('--out that is a file', () => {
  it.each([['demo'], ['kpi'], ['detect'], ['audit']])(
    '%s --out FILE: one clear line, exit 1, nothing started',
    async (name) => {
      const before = await listening();
      const extra = name === 'audit' ? ['--repo', 'acme/web'] : [];
      const run = await opsguard([name, ...extra, '--out', file], { GITHUB_TOKEN: 'not-used' });
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(
        `opsguard ${name}: --out ${file} is a file: give a directory (it is created when missing)\n`,
      );
      expect(await listening()).toBe(before);
    },
  );

  it('a path below a file is refused the same way, naming the file', async () => {
    const run = await opsguard(['kpi', '--out', join(file, 'reports')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`opsguard kpi: --out ${join(file, 'reports')} cannot be created: ${file} is a file\n`);
  });
});

describe('outputDirectory', () => {
  it('accepts an existing directory and a path still to be made, as absolute paths', async () => {
    expect(await outputDirectory(cwd, '.')).toBe(cwd);
    expect(await outputDirectory(cwd, 'a/b/c')).toBe(join(cwd, 'a', 'b', 'c'));
  });
});

describe('the sample source', () => {
  it('leaves no replay server listening when its state cannot be made', async () => {
    const before = await listening();
    await expect(sampleSource(join(file, 'state'))).rejects.toThrow();
    expect(await listening()).toBe(before);
  });
});
