import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CorruptRecordFileError,
  mergeRecordFile,
  writeEvidenceIndex,
  writeFileAtomic,
  type RecordFile,
} from '../src/index.js';

const fixtures = new URL('./fixtures/', import.meta.url).pathname;
const tmp = () => mkdtempSync(join(tmpdir(), 'evidence-'));

function runChild(script: string, args: string[]): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(fixtures, script), ...args], { stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code));
  });
}

interface Entry {
  readonly runId: number;
  readonly attempt: number;
  readonly worker: number;
}

describe('record files', () => {
  it('merges by key: a known run id + attempt replaces, never duplicates', async () => {
    const path = join(tmp(), 'AUTO_RETRY_MANIFEST.json');
    const key = (e: Entry) => `${e.runId}:${e.attempt}`;
    await mergeRecordFile(
      path,
      [
        { runId: 1, attempt: 1, worker: 0 },
        { runId: 1, attempt: 2, worker: 0 },
      ],
      key,
      new Date('2026-11-20T00:00:00Z'),
    );
    const result = await mergeRecordFile(
      path,
      [
        { runId: 1, attempt: 2, worker: 9 },
        { runId: 2, attempt: 1, worker: 9 },
      ],
      key,
      new Date('2026-11-20T01:00:00Z'),
    );
    expect(result).toEqual({ total: 3, added: 1, replaced: 1 });
    const file = JSON.parse(readFileSync(path, 'utf8')) as RecordFile<Entry>;
    expect(file.updatedAt).toBe('2026-11-20T01:00:00.000Z');
    expect(file.entries.map(key)).toEqual(['1:1', '1:2', '2:1']);
    expect(file.entries[1]?.worker).toBe(9);
  });

  it('8 processes merging at once lose and duplicate nothing', async () => {
    const path = join(tmp(), 'RUNS_SUMMARY.json');
    const perWorker = 15;
    const codes = await Promise.all(
      Array.from({ length: 8 }, (_, w) => runChild('merge-worker.ts', [path, String(w + 1), String(perWorker)])),
    );
    expect(codes).toEqual(Array(8).fill(0));
    const file = JSON.parse(readFileSync(path, 'utf8')) as RecordFile<Entry>;
    const keys = file.entries.map((e) => `${e.runId}:${e.attempt}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBe(8 * perWorker + 1);
    expect(readdirSync(join(path, '..')).filter((f) => f.endsWith('.lock') || f.endsWith('.tmp'))).toEqual([]);
  }, 60_000);

  it('a process killed mid-write leaves the previous valid file', async () => {
    const path = join(tmp(), 'RUNS_SUMMARY.json');
    const previous = JSON.stringify({ schemaVersion: 1, entries: [{ runId: 7 }] });
    await writeFileAtomic(path, previous);
    const child = spawn(process.execPath, ['--import', 'tsx', join(fixtures, 'slow-writer.ts'), path], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    // Wait until the temp file exists, so the kill lands during the write.
    for (let i = 0; i < 500 && !readdirSync(join(path, '..')).some((f) => f.endsWith('.tmp')); i++) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('exit', resolve));
    expect(readFileSync(path, 'utf8')).toBe(previous);
  }, 60_000);

  it('refuses to overwrite a record file it cannot read', async () => {
    const path = join(tmp(), 'AUTO_RETRY_MANIFEST.json');
    writeFileSync(path, '{"entries": [ truncated');
    await expect(mergeRecordFile(path, [{ runId: 1 }], (e) => String(e.runId), new Date())).rejects.toBeInstanceOf(
      CorruptRecordFileError,
    );
    expect(readFileSync(path, 'utf8')).toBe('{"entries": [ truncated');
  });
});

describe('evidence index', () => {
  it('lists every file with its SHA-256 and a relative link that resolves', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'logs'));
    writeFileSync(join(dir, 'RUNS_SUMMARY.json'), '{}\n');
    writeFileSync(join(dir, 'logs', 'job 42.txt'), 'sanitised log\n');
    writeFileSync(join(dir, 'logs', '.x.123.tmp'), 'in flight');
    const { files } = await writeEvidenceIndex(dir, '2026-11-21', new Date('2026-11-21T00:00:00Z'));
    expect(files.map((f) => f.path)).toEqual(['RUNS_SUMMARY.json', 'logs/job 42.txt']);
    const index = readFileSync(join(dir, '_evidence_index.md'), 'utf8');
    const digest = createHash('sha256').update('sanitised log\n').digest('hex');
    expect(index).toContain(`| [logs/job 42.txt](logs/job%2042.txt) | 14 | \`${digest}\` |`);
    for (const [, link] of index.matchAll(/\]\(([^)]+)\)/g)) {
      expect(readFileSync(join(dir, decodeURIComponent(link ?? ''))).length).toBeGreaterThan(0);
    }
  });
});
