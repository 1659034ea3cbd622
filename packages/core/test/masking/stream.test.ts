import { describe, expect, it } from '@jest/globals';
import { createSanitizer } from '../../src/masking/index.js';
import { aRandom } from './fake-secrets.js';

function streamed(text: string, cuts: readonly number[], maxCarry?: number): string {
  const s = createSanitizer(maxCarry === undefined ? {} : { maxCarry }).stream();
  let out = '';
  let from = 0;
  for (const cut of [...cuts, text.length]) {
    out += s.write(text.slice(from, cut));
    from = cut;
  }
  return out + s.end();
}

describe('stream sanitiser', () => {
  const token = `ghp_${aRandom(36)}`;
  const text = `before\nexport GH=${token} and more\nPASSWORD=${aRandom(18)}\nafter`;

  it('gives the same output as sanitize() for a secret split at every possible boundary', () => {
    const whole = createSanitizer().sanitize(text);
    expect(whole).not.toContain(aRandom(36));
    for (let cut = 1; cut < text.length; cut++) expect(streamed(text, [cut])).toBe(whole);
  });

  it('handles one character per chunk', () => {
    const cuts = Array.from({ length: text.length - 1 }, (_, i) => i + 1);
    expect(streamed(text, cuts)).toBe(createSanitizer().sanitize(text));
  });

  it('masks a PEM block split across chunks at every boundary', () => {
    const pem = `x\n-----BEGIN RSA PRIVATE KEY-----\n${aRandom(64, undefined, 1)}\n${aRandom(64, undefined, 2)}\n-----END RSA PRIVATE KEY-----\ny\n`;
    const expected = 'x\n-----BEGIN RSA PRIVATE KEY-----\n***\n-----END RSA PRIVATE KEY-----\ny\n';
    for (let cut = 1; cut < pem.length; cut++) expect(streamed(pem, [cut])).toBe(expected);
  });

  it('keeps memory bounded in a never-ending PEM block', () => {
    const s = createSanitizer({ maxCarry: 4096 }).stream();
    let out = s.write('-----BEGIN PRIVATE KEY-----\n');
    const line = `${aRandom(64)}\n`;
    for (let i = 0; i < 20_000; i++) out += s.write(line);
    for (let i = 0; i < 100; i++) out += s.write(aRandom(1000, undefined, i)); // one endless line
    out += s.end();
    expect(out).toBe('-----BEGIN PRIVATE KEY-----\n***\n');
  });

  it('flushes an over-long line without a newline, still masking secrets in it', () => {
    const long = `${'word '.repeat(5000)}token=${aRandom(30)} ${'tail '.repeat(5000)}`;
    const out = streamed(long, [7, 9000, 17_000, 25_001], 2048);
    expect(out).not.toContain(aRandom(30));
    expect(out.length).toBeGreaterThan(long.length - 40);
  });
});
