import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { classifyText, compileRetryPolicy, isConfigurationError } from '@opsguard/core';
import { ConfigFileError, loadRetryPolicy, parseRetryPolicy } from '../src/index.js';

function policyFile(content: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'retry-policy-'));
  const file = join(dir, 'retry-policy.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

function errorOf(fn: () => unknown): ConfigFileError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigFileError) return error;
    throw error;
  }
  throw new Error('expected a ConfigFileError');
}

describe('loadRetryPolicy', () => {
  it('loads the bundled policy: the first attempt and up to 3 re-runs, deploy and release denied, causes compiled', async () => {
    const policy = await loadRetryPolicy();
    expect(policy).toMatchObject({
      maxAttempts: 4,
      backoffSeconds: [5, 10, 20],
      mode: 'rerun-failed-jobs',
      deny: { workflows: ['*deploy*', '*release*'], branches: [] },
    });
    for (const cause of [
      'runner_lost',
      'network',
      'registry_5xx',
      'github_5xx',
      'rate_limit',
      'docker_pull_limit',
      'download_timeout',
      'runner_shutdown',
    ]) {
      expect(policy.causes[cause]?.transient).toBe(true);
    }
    for (const cause of [
      'validation_422',
      'permission_403',
      'not_found_404',
      'missing_secret',
      'test_failure',
      'compile_error',
      'oom',
      'disk_full',
      'cancelled',
      'unknown',
    ]) {
      expect(policy.causes[cause]?.transient).toBe(false);
    }
  });

  it("extends a built-in cause, flips another and adds the user's own, keeping the rest", async () => {
    const file = policyFile({
      maxAttempts: 2,
      causes: {
        network: { addPatterns: ['artifactory\\.acme\\.test.*reset'], excludePatterns: ['staging\\.acme\\.test'] },
        oom: { transient: true, maxAttempts: 2 },
        licence_server: {
          transient: false,
          patterns: ['FlexLM license checkout failed'],
          description: 'Our licence server refused',
        },
      },
    });
    const policy = await loadRetryPolicy(file);
    expect(policy.maxAttempts).toBe(2);
    expect(policy.deny.workflows).toEqual(['*deploy*', '*release*']);
    expect(policy.causes['oom']).toMatchObject({ transient: true, maxAttempts: 2 });
    expect(policy.causes['oom']?.patterns?.length).toBeGreaterThan(3);
    const compiled = compileRetryPolicy(policy);
    expect(classifyText(compiled, 'artifactory.acme.test: connection was reset')).toMatchObject({
      cause: 'network',
      transient: true,
    });
    expect(classifyText(compiled, 'npm ERR! code ECONNRESET')).toMatchObject({ cause: 'network', transient: true });
    // The user's excludePatterns replaced the built-in list: their staging host is never "the network".
    expect(classifyText(compiled, 'staging.acme.test: read ECONNRESET')).toMatchObject({
      cause: 'unknown',
      transient: false,
    });
    expect(
      classifyText(compiled, 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory'),
    ).toMatchObject({ cause: 'oom', transient: true });
    expect(classifyText(compiled, 'Error: FlexLM license checkout failed')).toMatchObject({
      cause: 'licence_server',
      transient: false,
    });
  });

  it('an invalid regular expression names the file, the JSON path, what was expected and found', () => {
    const error = errorOf(() =>
      parseRetryPolicy(
        JSON.stringify({ causes: { network: { addPatterns: ['fine', '(unclosed'] } } }),
        'my-policy.json',
      ),
    );
    expect(isConfigurationError(error)).toBe(true);
    expect(error.message).toMatch(
      /^my-policy\.json: at \/causes\/network\/addPatterns\/1: expected a JavaScript regular expression, found "\(unclosed" \(.*Unterminated group.*\)$/,
    );
  });

  it('schema mistakes name the path, the expected value and what was found', () => {
    const badMode = errorOf(() => parseRetryPolicy('{"mode": "rerun-everything"}', 'p.json'));
    expect(badMode.message).toBe(
      'p.json: at /mode: expected one of "rerun-failed-jobs", "rerun-all", found "rerun-everything"',
    );
    const newCause = errorOf(() => parseRetryPolicy('{"causes": {"mine": {"patterns": ["x"]}}}', 'p.json'));
    expect(newCause.problems).toContainEqual({
      kind: 'missing-key',
      path: '/causes/mine',
      expected: 'property "transient"',
      found: 'nothing',
    });
    const typo = errorOf(() => parseRetryPolicy('{"causes": {"network": {"pattern": ["x"]}}}', 'p.json'));
    expect(typo.problems[0]?.path).toBe('/causes/network/pattern');
    const notJson = errorOf(() => parseRetryPolicy('{"maxAttempts": ', 'p.json'));
    expect(notJson.problems[0]).toMatchObject({ path: '/', expected: 'valid JSON' });
  });

  it('a missing file is a configuration error naming it', async () => {
    await expect(loadRetryPolicy('/nonexistent/retry-policy.json')).rejects.toThrow(
      '/nonexistent/retry-policy.json: cannot read the retry-policy file (ENOENT)',
    );
  });
});
