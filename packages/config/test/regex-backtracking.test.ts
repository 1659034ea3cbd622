import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILTIN_RULES } from '@opsguard/core';
import { loadMaskRules, parseRetryPolicy, retryPolicySpec } from '../src/index.js';
import { catastrophicBacktracking } from '../src/regex-backtracking.js';

describe('catastrophic backtracking check', () => {
  it.each(['(a+)+$', '(\\w|\\d)*x', '^(([a-z])+.)+[A-Z]([a-z])+$', 'token=(\\S+\\s?)+$'])('flags %s', (pattern) => {
    expect(catastrophicBacktracking(pattern, 'i')).toMatch(/ran over \d+ ms on ".*" \(\d+ characters\)/);
  });

  it('passes every built-in mask rule and every bundled retry pattern', () => {
    for (const rule of BUILTIN_RULES)
      expect([rule.kind, catastrophicBacktracking(rule.pattern.source, rule.pattern.flags)]).toEqual([
        rule.kind,
        undefined,
      ]);
    for (const [cause, rule] of Object.entries(retryPolicySpec.defaults.causes)) {
      for (const pattern of [...(rule.patterns ?? []), ...(rule.excludePatterns ?? [])]) {
        expect([cause, pattern, catastrophicBacktracking(pattern, 'i')]).toEqual([cause, pattern, undefined]);
      }
    }
  }, 120_000);

  it("a user's mask rule that backtracks is a configuration error naming the rule", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mask-rules-'));
    const file = join(dir, 'mask-rules.json');
    writeFileSync(file, JSON.stringify({ rules: [{ kind: 'acme-token', regex: 'acme_(?<secret>(\\w+)+)$' }] }));
    await expect(loadMaskRules(file)).rejects.toThrow(/mask rule "acme-token": it ran over/);
    writeFileSync(file, JSON.stringify({ allowlist: ['^(a|a)*$'] }));
    await expect(loadMaskRules(file)).rejects.toThrow(/allowlist entry "\^\(a\|a\)\*\$": it ran over/);
  });

  it("a user's retry pattern that backtracks is refused at its JSON path", () => {
    const text = JSON.stringify({ causes: { network: { addPatterns: ['ok', 'timeout (\\w+\\s?)+$'] } } });
    expect(() => parseRetryPolicy(text, 'policy.json')).toThrow(
      /policy\.json: at \/causes\/network\/addPatterns\/1: expected a regular expression that runs in linear time/,
    );
  });
});
