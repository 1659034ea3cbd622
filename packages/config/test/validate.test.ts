import { describe, expect, it } from '@jest/globals';
import { isConfigurationError } from '@opsguard/core';
import { type ConfigFileError, parseConfigOverride, type ConfigSpec } from '../src/index.js';

interface Sample {
  readonly maxAttempts: number;
  readonly mode: 'on' | 'off';
}

const spec: ConfigSpec<Sample> = {
  name: 'sample',
  defaults: { maxAttempts: 3, mode: 'on' },
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string' },
      maxAttempts: { type: 'integer', minimum: 0 },
      mode: { enum: ['on', 'off'] },
    },
    required: ['maxAttempts', 'mode'],
  },
};

describe('config validation', () => {
  it('merges a user override over the defaults', () => {
    expect(parseConfigOverride(spec, '{"mode":"off"}', 'my.json')).toEqual({ maxAttempts: 3, mode: 'off' });
  });

  it('names the file, the JSON path, what was expected and what was found', () => {
    const attempt = () => parseConfigOverride(spec, '{"maxAttempts":"three"}', 'policies/retry.json');
    expect(attempt).toThrow('policies/retry.json: at /maxAttempts: expected integer, found "three"');
    try {
      attempt();
    } catch (error) {
      expect(isConfigurationError(error)).toBe(true);
      expect((error as ConfigFileError).problems[0]?.path).toBe('/maxAttempts');
    }
  });

  it('lists allowed values for an enum and flags unknown keys', () => {
    expect(() => parseConfigOverride(spec, '{"mode":"maybe"}', 'a.json')).toThrow(
      'a.json: at /mode: expected one of "on", "off", found "maybe"',
    );
    expect(() => parseConfigOverride(spec, '{"retries":2}', 'a.json')).toThrow(
      'a.json: at /retries: expected no property "retries" (not in the schema), found 2',
    );
  });

  it('reports a JSON syntax error with the file name', () => {
    expect(() => parseConfigOverride(spec, '{"mode":', 'broken.json')).toThrow(
      /^broken\.json: at \/: expected valid JSON/,
    );
  });
});
