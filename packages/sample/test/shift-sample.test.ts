import { describe, expect, it } from '@jest/globals';
import { generateSample, shiftSample } from '../src/index.js';
import type { SampleManifest, WorkflowRun } from '../src/types.js';

describe('shiftSample', () => {
  const { files } = generateSample();
  const runsOf = (f: ReadonlyMap<string, string>): WorkflowRun[] =>
    JSON.parse(f.get('runs.json') ?? '[]') as WorkflowRun[];

  it('moves every timestamp by the same offset so the sample ends at the given time', () => {
    const now = new Date('2027-03-07T02:15:42.900Z'); // a Sunday night: the story must not change
    const shifted = shiftSample(files, now);
    const manifest = JSON.parse(shifted.get('sample.json') ?? '{}') as SampleManifest;
    expect(manifest.now).toBe('2027-03-07T02:15:42Z');
    const offset = Date.parse('2027-03-07T02:15:42Z') - Date.parse(JSON.parse(files.get('sample.json') ?? '{}').now);
    const before = runsOf(files);
    const after = runsOf(shifted);
    expect(after).toHaveLength(before.length);
    for (const [i, run] of after.entries()) {
      const original = before[i];
      expect(Date.parse(run.created_at) - Date.parse(original?.created_at ?? '')).toBe(offset);
      expect(Date.parse(run.updated_at) - Date.parse(original?.updated_at ?? '')).toBe(offset);
      expect(Date.parse(run.head_commit?.timestamp ?? '') - Date.parse(original?.head_commit?.timestamp ?? '')).toBe(
        offset,
      );
    }
    const strip = (text: string): string => text.replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z/g, 'T');
    expect(strip(shifted.get('runs.json') ?? '')).toBe(strip(files.get('runs.json') ?? ''));
  });

  it('keeps the 7 fractional digits of log stamps and leaves everything else byte for byte', () => {
    const shifted = shiftSample(files, new Date('2026-12-01T10:30:00Z'));
    const logName = [...files.keys()].find((name) => name.startsWith('logs/'));
    expect(logName).toBeDefined();
    const original = files.get(logName ?? '') ?? '';
    const moved = shifted.get(logName ?? '') ?? '';
    expect(moved).toHaveLength(original.length);
    const first = (text: string): string => /^(\S+Z) /.exec(text)?.[1] ?? '';
    expect(first(moved)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$/);
    expect(first(moved).slice(19)).toBe(first(original).slice(19));
    expect(Date.parse(first(moved)) - Date.parse(first(original))).toBe(11 * 24 * 3600 * 1000);
    const strip = (text: string): string => text.replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, 'T');
    expect(strip(moved)).toBe(strip(original));
  });

  it('returns the same files when there is nothing to move, and refuses files without a manifest', () => {
    const manifest = JSON.parse(files.get('sample.json') ?? '{}') as SampleManifest;
    expect(shiftSample(files, new Date(manifest.now))).toBe(files);
    expect(() => shiftSample(new Map([['runs.json', '{}']]), new Date())).toThrow(/sample\.json/);
  });
});
