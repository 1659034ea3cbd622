import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigFileError, loadAuditRules } from '../src/index.js';

function file(content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'audit-rules-')), 'audit-rules.json');
  writeFileSync(path, content);
  return path;
}

async function problemOf(path: string): Promise<ConfigFileError> {
  try {
    await loadAuditRules(path);
  } catch (error) {
    if (error instanceof ConfigFileError) return error;
    throw error;
  }
  throw new Error('expected a ConfigFileError');
}

describe('config/audit-rules.json', () => {
  it('loads the bundled rules: ordered, secrets first, a default level', async () => {
    const rules = await loadAuditRules();
    expect(rules.rules[0]).toMatchObject({ id: 'secret-in-log', level: 'critical' });
    expect(rules.defaultLevel).toBe('medium');
    expect(rules.issueMinLevel).toBe('high');
  });

  it('a wrong level names the file, the JSON path, what was expected and what was found', async () => {
    const path = file(JSON.stringify({ rules: [{ id: 'x', level: 'severe', description: 'd', when: {} }] }));
    const error = await problemOf(path);
    expect(error.message).toBe(
      `${path}: at /rules/0/level: expected one of "low", "medium", "high", "critical", found "severe"`,
    );
  });

  it('an unknown condition and a wrong type are named by path', async () => {
    const unknown = await problemOf(
      file(JSON.stringify({ rules: [{ id: 'x', level: 'low', description: 'd', when: { colour: 'red' } }] })),
    );
    expect(unknown.problems[0]).toEqual({
      kind: 'unknown-key',
      path: '/rules/0/when/colour',
      expected: 'no property "colour" (not in the schema)',
      found: '"red"',
    });
    const typed = await problemOf(
      file(JSON.stringify({ rules: [{ id: 'x', level: 'low', description: 'd', when: { minOccurrences: 'five' } }] })),
    );
    expect(typed.problems[0]).toMatchObject({
      kind: 'wrong-value',
      path: '/rules/0/when/minOccurrences',
      found: 'string "five"',
    });
  });

  it('broken JSON and a duplicated rule id are one error each', async () => {
    const broken = await problemOf(file('{"rules": ['));
    expect(broken.problems[0]?.expected).toBe('valid JSON');
    const rule = { level: 'low', description: 'd', when: {} };
    const twice = await problemOf(
      file(
        JSON.stringify({
          rules: [
            { id: 'a', ...rule },
            { id: 'a', ...rule },
          ],
        }),
      ),
    );
    expect(twice.message).toMatch(/at \/rules\/1\/id: expected an id not used before \(rule 0 has it\), found "a"/);
  });
});
