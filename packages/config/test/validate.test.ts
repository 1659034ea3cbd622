import { describe, expect, it } from '@jest/globals';
import { isConfigurationError } from '@opsguard/core';
import {
  type ConfigFileError,
  detectionRulesSpec,
  killSwitchRulesSpec,
  maskRulesSpec,
  parseConfigOverride,
  type ConfigSpec,
} from '../src/index.js';

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
    expect(attempt).toThrow('policies/retry.json: at /maxAttempts: expected integer, found string "three"');
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

describe('a rules file with one nested wrong type', () => {
  // What a user writes to change one rule: the top-level "rules" replaces the bundled one.
  const oneRule = JSON.stringify({ rules: { failureRateSpike: { enabled: 'yes' } } });

  it('is reported at the nested path, with the expected and the found type, before anything missing', () => {
    expect(() => parseConfigOverride(detectionRulesSpec, oneRule, 'my-rules.json')).toThrow(
      /^my-rules\.json: at \/rules\/failureRateSpike\/enabled: expected boolean, found string "yes" \(and \d+ more problem\(s\)\)$/,
    );
  });

  it('says why keys the user never touched are missing', () => {
    const error = (() => {
      try {
        parseConfigOverride(detectionRulesSpec, oneRule, 'my-rules.json');
      } catch (e) {
        return e as ConfigFileError;
      }
      throw new Error('no error');
    })();
    expect(error.problems.map((p) => p.kind)).toEqual([
      'wrong-value',
      ...error.problems.slice(1).map(() => 'missing-key'),
    ]);
    expect(error.problems[1]).toEqual({
      kind: 'missing-key',
      path: '/rules',
      expected: 'property "durationRegression" (your "rules" replaces the bundled one whole, so it must be complete)',
      found: 'nothing',
    });
  });

  it('in a complete copy of the bundled file, is the only problem', async () => {
    const { default: bundled } = await import('../../../config/detection-rules.json', { with: { type: 'json' } });
    const copy = structuredClone(bundled) as { rules: { durationRegression: { p95Ratio: unknown } } };
    copy.rules.durationRegression.p95Ratio = [1.5];
    expect(() => parseConfigOverride(detectionRulesSpec, JSON.stringify(copy), 'copy.json')).toThrow(
      'copy.json: at /rules/durationRegression/p95Ratio: expected number, found array [1.5]',
    );
  });

  it('a wrong type in a mask-rules or kill-switch rules list names the element path', () => {
    expect(() => parseConfigOverride(maskRulesSpec, '{"rules":[{"kind":"x","regex":5}]}', 'm.json')).toThrow(
      'm.json: at /rules/0/regex: expected string, found integer 5',
    );
    expect(() =>
      parseConfigOverride(
        killSwitchRulesSpec,
        '{"autoActivate":[{"rules":"retry_storm","minSeverity":"critical","scope":"service","target":"x"}]}',
        'k.json',
      ),
    ).toThrow('k.json: at /autoActivate/0/rules: expected array, found string "retry_storm"');
  });
});
