import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  appendCapabilityEvents,
  capabilityLogPath,
  parseCapabilityLog,
  parseEvidenceIndex,
  writeEvidenceIndex,
} from '../src/index.js';

const fixtures = new URL('./fixtures/', import.meta.url).pathname;
const tmp = () => mkdtempSync(join(tmpdir(), 'caplog-'));
const NOW = new Date('2026-12-01T03:00:00Z');
const mask = (text: string) => text.replaceAll('ghp_supersecretvalue1234567890', '***');

function runChild(script: string, args: string[]): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(fixtures, script), ...args], { stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code));
  });
}

describe('capability logs', () => {
  it('names the file by capability and date and writes one sanitised JSON line per event', async () => {
    const dir = tmp();
    expect(capabilityLogPath('killswitch', '2026-12-01')).toBe('logs/killswitch_log_20261201.log');
    expect(() => capabilityLogPath('retry', '20261201')).toThrow(/YYYY-MM-DD/);
    const result = await appendCapabilityEvents({
      bundleDir: dir,
      date: '2026-12-01',
      capability: 'detection',
      events: [
        {
          at: '2026-12-01T02:59:00.000Z',
          event: 'anomaly',
          data: { rule: 'failure_rate_spike', note: 'token ghp_supersecretvalue1234567890 leaked', at: 'forged' },
        },
      ],
      sanitize: mask,
      now: NOW,
    });
    expect(result).toEqual({ path: 'logs/detection_log_20261201.log', appended: 1, duplicates: 0, total: 1 });
    const text = readFileSync(join(dir, result.path), 'utf8');
    expect(text).not.toContain('ghp_supersecretvalue');
    const [line] = parseCapabilityLog(text);
    expect(line?.kind === 'event' && line.value).toEqual({
      rule: 'failure_rate_spike',
      note: 'token *** leaked',
      at: '2026-12-01T02:59:00.000Z',
      capability: 'detection',
      event: 'anomaly',
    });
  });

  it('skips an event whose id is already in the day log (a store history copied twice)', async () => {
    const dir = tmp();
    const events = [1, 2].map((n) => ({ at: NOW.toISOString(), event: 'activated', id: `ks-${n}`, data: { n } }));
    const base = { bundleDir: dir, date: '2026-12-01', capability: 'killswitch' as const, sanitize: mask, now: NOW };
    await appendCapabilityEvents({ ...base, events });
    const again = await appendCapabilityEvents({
      ...base,
      events: [...events, { at: NOW.toISOString(), event: 'deactivated', id: 'ks-3', data: {} }],
    });
    expect(again).toMatchObject({ appended: 1, duplicates: 2, total: 3 });
  });

  it('keeps the evidence index true when a bundle already has one', async () => {
    const dir = tmp();
    const base = { bundleDir: dir, date: '2026-12-01', capability: 'notification' as const, sanitize: mask, now: NOW };
    await appendCapabilityEvents({ ...base, events: [{ at: NOW.toISOString(), event: 'delivery', data: {} }] });
    await writeEvidenceIndex(dir, 'o/r — 2026-12-01', NOW);
    await appendCapabilityEvents({ ...base, events: [{ at: NOW.toISOString(), event: 'delivery', data: { n: 2 } }] });
    const index = parseEvidenceIndex(readFileSync(join(dir, '_evidence_index.md'), 'utf8'));
    const log = readFileSync(join(dir, 'logs/notification_log_20261201.log'));
    expect(index.files.find((f) => f.path === 'logs/notification_log_20261201.log')).toMatchObject({
      bytes: log.length,
      sha256: createHash('sha256').update(log).digest('hex'),
    });
  });

  it('eight processes appending at once lose nothing and duplicate nothing', async () => {
    const dir = tmp();
    const codes = await Promise.all(
      Array.from({ length: 8 }, (_, w) => runChild('append-worker.ts', [dir, String(w), '6'])),
    );
    expect(codes).toEqual(Array(8).fill(0));
    const lines = parseCapabilityLog(readFileSync(join(dir, 'logs/retry_log_20261201.log'), 'utf8'));
    expect(lines.every((l) => l.kind === 'event')).toBe(true);
    const ids = lines.map((l) => (l.kind === 'event' ? String(l.value['id']) : ''));
    expect(ids.length).toBe(8 * 6 + 1);
    expect(new Set(ids).size).toBe(ids.length);
    expect(readdirSync(join(dir, 'logs')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(existsSync(join(dir, '.bundle.lock'))).toBe(false);
  }, 60_000);
});
