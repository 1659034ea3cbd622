import { describe, expect, it } from '@jest/globals';
import { globCovers, globMatches, parseArnPattern, principalOf } from '../../src/index.js';

describe('principal ARN patterns', () => {
  it('accepts roles, users and groups with wildcards in partition, account, path and name', () => {
    for (const text of [
      'arn:aws:iam::123456789012:role/dev',
      'arn:aws:iam::*:role/test-*',
      'arn:*:iam::*:user/ci/bot-?',
      'arn:aws-cn:iam::123456789012:group/developers',
    ]) {
      expect(parseArnPattern(text)).toMatchObject({ ok: true });
    }
    expect(parseArnPattern('arn:aws:iam::*:role/test-*')).toEqual({
      ok: true,
      pattern: { text: 'arn:aws:iam::*:role/test-*', kind: 'role', hasWildcard: true },
    });
  });

  it.each([
    ['role/dev', 'six colon-separated parts'],
    ['arn:aws:s3:::bucket', 'service must be iam'],
    ['arn:aws:iam:us-east-1:123456789012:role/x', 'empty region'],
    ['arn:aws:iam::12345:role/x', 'account must be 12 digits'],
    ['arn:aws:iam::123456789012:policy/x', 'role/, user/ or group/'],
    ['arn:aws:iam::123456789012:role/', 'is not an IAM role name'],
    ['arn:aws:iam::123456789012:role/a b', 'is not an IAM role name'],
    ['arn:aws:iam::123456789012:*', 'role/, user/ or group/'],
  ])('refuses %s (%s)', (text, reason) => {
    const parsed = parseArnPattern(text);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.reason).toContain(reason);
  });

  it('matches globs: * any run including /, ? one character', () => {
    expect(globMatches('arn:aws:iam::*:role/test-*', 'arn:aws:iam::123456789012:role/test-a')).toBe(true);
    expect(globMatches('arn:aws:iam::*:role/test-*', 'arn:aws:iam::123456789012:role/ci/test-a')).toBe(false);
    expect(globMatches('arn:aws:iam::*:role/*test-*', 'arn:aws:iam::123456789012:role/ci/test-a')).toBe(true);
    expect(globMatches('a?c', 'abc')).toBe(true);
    expect(globMatches('a?c', 'ac')).toBe(false);
    expect(globMatches('*', '')).toBe(true);
    expect(globMatches('a*b*c', 'aXbYbZc')).toBe(true);
    expect(globMatches('a*b*c', 'aXbYbZ')).toBe(false);
  });

  it('tells when one pattern covers another, soundly', () => {
    expect(globCovers('arn:aws:iam::*:role/test-*', 'arn:aws:iam::123456789012:role/test-runner')).toBe(true);
    expect(globCovers('a*', 'ab*')).toBe(true);
    expect(globCovers('ab*', 'a*')).toBe(false);
    // `?` is one character, never the many a `*` stands for.
    expect(globCovers('a?c', 'a*c')).toBe(false);
    expect(globCovers('a?c', 'a?c')).toBe(true);
    expect(globCovers('*-prod', 'test-*')).toBe(false);
  });

  it('reads a concrete principal, refusing patterns', () => {
    expect(principalOf('arn:aws:iam::123456789012:user/ci/bot')).toEqual({
      arn: 'arn:aws:iam::123456789012:user/ci/bot',
      kind: 'user',
      name: 'bot',
      accountId: '123456789012',
    });
    expect(principalOf('arn:aws:iam::*:user/bot')).toBeNull();
  });
});
