import { createReadStream, createWriteStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  createSanitizer,
  type MaskCounts,
  type Sanitizer,
  type SanitizerOptions,
  type StreamSanitizer,
} from '@opsguard/core';

/**
 * A Transform that masks secrets in a byte or text stream (logs, evidence files) with the core's
 * chunk-safe sanitiser: secrets split across chunks and multi-line private keys are masked, and
 * memory stays bounded whatever the input size. UTF-8 characters split across chunks are kept whole.
 */
export class SanitizeStream extends Transform {
  private readonly decoder = new StringDecoder('utf8');
  private readonly core: StreamSanitizer;

  constructor(readonly sanitizer: Sanitizer = createSanitizer()) {
    super({ decodeStrings: false });
    this.core = sanitizer.stream();
  }

  override _transform(chunk: Buffer | string, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      const text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
      const out = this.core.write(text);
      if (out.length > 0) this.push(out, 'utf8');
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    try {
      const out = this.core.write(this.decoder.end()) + this.core.end();
      if (out.length > 0) this.push(out, 'utf8');
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }
}

export function createSanitizeStream(options: SanitizerOptions | Sanitizer = {}): SanitizeStream {
  return new SanitizeStream('sanitize' in options ? options : createSanitizer(options));
}

/** Copies `src` to `dest` with secrets masked, streaming; returns what was masked, per kind. */
export async function sanitizeFile(
  src: string,
  dest: string,
  options: SanitizerOptions | Sanitizer = {},
): Promise<MaskCounts> {
  const stream = createSanitizeStream(options);
  await pipeline(createReadStream(src), stream, createWriteStream(dest));
  return stream.sanitizer.counts();
}
