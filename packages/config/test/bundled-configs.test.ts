import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateConfig } from '../src/index.js';

const configDir = new URL('../../../config/', import.meta.url).pathname;
const files = readdirSync(configDir).filter((f) => f.endsWith('.json'));

describe('bundled policies', () => {
  it('every config/*.json points at its schema and validates against it', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'detection-rules.json',
        'kill-switch-rules.json',
        'mask-rules.json',
        'retry-policy.json',
      ]),
    );
    for (const file of files) {
      const document = JSON.parse(readFileSync(join(configDir, file), 'utf8')) as { $schema?: string };
      expect(document.$schema).toBe(`./schemas/${file.replace(/\.json$/, '.schema.json')}`);
      const schema = JSON.parse(readFileSync(join(configDir, document.$schema ?? ''), 'utf8')) as Record<
        string,
        unknown
      >;
      expect(() => validateConfig(document, schema, `config/${file}`)).not.toThrow();
    }
  });

  it('every schema property has a description, so editors can complete and explain it', () => {
    const missing: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (node === null || typeof node !== 'object') return;
      const record = node as Record<string, unknown>;
      if (record['properties'] && typeof record['properties'] === 'object') {
        for (const [key, child] of Object.entries(record['properties'] as Record<string, unknown>)) {
          if (!(child as Record<string, unknown>)['description']) missing.push(`${path}/${key}`);
          walk(child, `${path}/${key}`);
        }
      }
      for (const key of ['items', 'additionalProperties']) walk(record[key], `${path}/${key}`);
    };
    for (const file of readdirSync(join(configDir, 'schemas'))) {
      walk(JSON.parse(readFileSync(join(configDir, 'schemas', file), 'utf8')), file);
    }
    expect(missing).toEqual([]);
  });
});
