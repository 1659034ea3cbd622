import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createSanitizeStream, sanitizeFile } from '../src/sanitize-stream.js';

function fakeToken(length: number, seed = 1): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let s = seed;
  let out = '';
  for (let i = 0; i < length; i++) {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    out += alphabet[(s >>> 12) % alphabet.length];
  }
  return out;
}

async function throughStream(chunks: readonly (string | Buffer)[]): Promise<string> {
  const out: Buffer[] = [];
  await pipeline(
    Readable.from(chunks),
    createSanitizeStream(),
    new Writable({
      write(chunk: Buffer, _enc, done) {
        out.push(chunk);
        done();
      },
    }),
  );
  return Buffer.concat(out).toString('utf8');
}

describe('SanitizeStream', () => {
  const body = fakeToken(36);
  const pem = `-----BEGIN EC PRIVATE KEY-----\n${fakeToken(64, 2)}\n${fakeToken(64, 3)}\n-----END EC PRIVATE KEY-----\n`;
  const text = `✓ step one\n+ git clone https://x-access-token:ghp_${body}@github.com/acme/api.git\n${pem}done ✓\n`;

  it('masks secrets and PEM blocks split across every possible chunk boundary (bytes, UTF-8 safe)', async () => {
    const bytes = Buffer.from(text, 'utf8');
    const expected = await throughStream([text]);
    expect(expected).not.toContain(body);
    expect(expected).not.toContain(fakeToken(64, 2));
    expect(expected).toContain('-----BEGIN EC PRIVATE KEY-----\n***\n-----END EC PRIVATE KEY-----');
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(await throughStream([bytes.subarray(0, cut), bytes.subarray(cut)])).toBe(expected);
    }
  });

  it('sanitizeFile copies a file with secrets masked and returns counts per kind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sanitize-'));
    const src = join(dir, 'in.log');
    const dest = join(dir, 'out.log');
    writeFileSync(src, text);
    const counts = await sanitizeFile(src, dest);
    expect(readFileSync(dest, 'utf8')).not.toContain(body);
    expect(counts).toEqual({ 'github-token': 1, 'private-key': 1 });
  });

  // 24 MB, three times the heap bound below: a stream that held its input would fail it.
  it('streams 24 MB in constant memory (live heap and rss stay flat)', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const line = `2026-11-20T10:00:00.0000000Z npm warn deprecated inflight@1.0.6 and a token ghp_${body}\n`;
    const chunk = line.repeat(Math.ceil((64 * 1024) / line.length));
    const total = 24 * 1024 * 1024;
    let sent = 0;
    const source = new Readable({
      read() {
        if (sent >= total) this.push(null);
        else {
          sent += chunk.length;
          this.push(chunk);
        }
      },
    });
    let received = 0;
    let writes = 0;
    let leaked = false;
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    const rssBefore = process.memoryUsage().rss;
    let heapPeak = heapBefore;
    let rssPeak = rssBefore;
    await pipeline(
      source,
      createSanitizeStream(),
      new Writable({
        write(data: Buffer, _enc, done) {
          received += data.length;
          if (!leaked && data.includes(body)) leaked = true;
          if (++writes % 64 === 0) {
            gc();
            const m = process.memoryUsage();
            heapPeak = Math.max(heapPeak, m.heapUsed);
            rssPeak = Math.max(rssPeak, m.rss);
          }
          done();
        },
      }),
    );
    expect(leaked).toBe(false);
    expect(received).toBeGreaterThan(14 * 1024 * 1024);
    expect(heapPeak - heapBefore).toBeLessThan(8 * 1024 * 1024);
    expect(rssPeak - rssBefore).toBeLessThan(100 * 1024 * 1024); // rss also holds freed-but-unreturned pages
  });
});
