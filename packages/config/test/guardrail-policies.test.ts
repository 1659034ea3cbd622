import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isConfigurationError } from '@opsguard/core';
import { ConfigFileError, loadGuardrailPolicies, parseGuardrailPolicies } from '../src/index.js';

const FILE = 'my-guardrails.json';

/** A valid file, changed by `edit` (a deep copy, so tests cannot leak into each other). */
function aFile(edit: (doc: Record<string, unknown> & { policies: Record<string, unknown>[] }) => void = () => {}) {
  const doc = {
    timeZone: 'Asia/Tokyo',
    exceptions: { principals: ['arn:aws:iam::*:role/test-*'] },
    policies: [
      {
        id: 'freeze',
        threshold: { type: 'actual', percent: 100 },
        deny: ['ec2:RunInstances'],
        principals: ['arn:aws:iam::123456789012:role/dev-*'],
        mode: 'auto',
        ttlMinutes: 60,
      },
    ],
  };
  edit(doc as unknown as Record<string, unknown> & { policies: Record<string, unknown>[] });
  return JSON.stringify(doc);
}

function problemOf(text: string): { message: string; path: string } {
  try {
    parseGuardrailPolicies(text, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigFileError);
    const e = error as ConfigFileError;
    return { message: e.message, path: e.problems[0]?.path ?? '' };
  }
  throw new Error('expected the file to be refused');
}

describe('guardrail policies file', () => {
  it('the bundled file loads, and a valid file parses', async () => {
    const bundled = await loadGuardrailPolicies();
    expect(bundled.policies.map((p) => p.mode)).toEqual(['manual']);
    expect(parseGuardrailPolicies(aFile(), FILE).policies[0]?.ttlMinutes).toBe(60);
  });

  it('a TTL under 30 minutes is refused by the schema, naming the JSON path', () => {
    const { message, path } = problemOf(aFile((d) => ((d.policies[0] as Record<string, unknown>)['ttlMinutes'] = 29)));
    expect(path).toBe('/policies/0/ttlMinutes');
    expect(message).toBe(`${FILE}: at /policies/0/ttlMinutes: expected must be >= 30, found 29`);
  });

  it('an unknown mode names its path and the allowed values', () => {
    const { message, path } = problemOf(aFile((d) => ((d.policies[0] as Record<string, unknown>)['mode'] = 'yolo')));
    expect(path).toBe('/policies/0/mode');
    expect(message).toContain('expected one of "manual", "auto", found "yolo"');
  });

  it('a malformed ARN pattern names its path', () => {
    const { message, path } = problemOf(
      aFile((d) => ((d.policies[0] as Record<string, unknown>)['principals'] = ['arn:aws:iam::12345:role/x'])),
    );
    expect(path).toBe('/policies/0/principals/0');
    expect(message).toContain('arn:aws:iam::12345:role/x');
  });

  it('an ARN of the wrong kind passes no schema pattern either', () => {
    const { path } = problemOf(
      aFile((d) => ((d.policies[0] as Record<string, unknown>)['principals'] = ['arn:aws:iam::*:policy/x'])),
    );
    expect(path).toBe('/policies/0/principals/0');
  });

  it('an overlapping principal exception is one clear error naming both paths', () => {
    const { message, path } = problemOf(
      aFile((d) => {
        (d.policies[0] as Record<string, unknown>)['exceptions'] = {
          principals: ['arn:aws:iam::123456789012:role/test-runner'],
        };
      }),
    );
    expect(path).toBe('/policies/0/exceptions/principals/0');
    expect(message).toContain('does not overlap /exceptions/principals/0');
    expect(message).toContain('already covered by "arn:aws:iam::*:role/test-*"');
  });

  it('overlapping time windows are refused, saying when they overlap', () => {
    const { message, path } = problemOf(
      aFile((d) => {
        d['exceptions'] = {
          timeWindows: [
            { name: 'office', type: 'business_hours', days: ['mon', 'sat'], start: '09:00', end: '18:00' },
            { name: 'weekend', type: 'weekends' },
          ],
        };
      }),
    );
    expect(path).toBe('/exceptions/timeWindows/1');
    expect(message).toContain('"weekend" and "office" both cover sat 09:00–18:00');
  });

  it('a business-hours window without its hours names the missing field', () => {
    const { message, path } = problemOf(
      aFile((d) => (d['exceptions'] = { timeWindows: [{ name: 'office', type: 'business_hours', days: ['mon'] }] })),
    );
    expect(path).toBe('/exceptions/timeWindows/0');
    expect(message).toContain('property "start"');
  });

  it('an unknown time zone and a duplicate policy id are refused at their paths', () => {
    expect(problemOf(aFile((d) => (d['timeZone'] = 'Mars/Olympus'))).path).toBe('/timeZone');
    const duplicate = problemOf(aFile((d) => d.policies.push({ ...(d.policies[0] as Record<string, unknown>) })));
    expect(duplicate.path).toBe('/policies/1/id');
  });

  it('reads a user file from disk and reports an unreadable one as a configuration error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'guardrails-'));
    writeFileSync(join(dir, 'g.json'), aFile());
    expect((await loadGuardrailPolicies(join(dir, 'g.json'))).policies).toHaveLength(1);
    const error = await loadGuardrailPolicies(join(dir, 'missing.json')).catch((e: unknown) => e);
    expect(isConfigurationError(error)).toBe(true);
    expect((error as Error).message).toContain('missing.json: cannot read the guardrail-policies file (ENOENT)');
  });
});
