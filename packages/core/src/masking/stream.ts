import { newLineState, type MaskEngine } from './engine.js';
import type { StreamSanitizer } from './types.js';

/** Kept of an over-long line inside a private key, so a `-----END` split across chunks is still seen. */
const PEM_TAIL = 16;
/** Kept of an over-long line elsewhere, so a secret split across chunks is still whole. */
const SAFE_TAIL = 1024;

/**
 * Chunk-safe masking: complete lines are masked as they arrive; the incomplete last line waits
 * (a bounded carry-over). A line longer than `maxCarry` is flushed at a whitespace before its last
 * `SAFE_TAIL` characters; inside a private key it is dropped. Memory stays O(maxCarry).
 */
export function createStreamSanitizer(engine: MaskEngine, maxCarry = 64 * 1024): StreamSanitizer {
  const state = newLineState();
  let carry = '';
  return {
    write(chunk: string): string {
      const lastNewline = chunk.lastIndexOf('\n');
      if (lastNewline < 0) {
        carry += chunk;
        return carry.length > maxCarry ? flushLong() : '';
      }
      // The line the carry-over belongs to, then the chunk's own complete lines (no copy of the chunk).
      const firstNewline = chunk.indexOf('\n');
      let out = engine.maskText(carry + chunk.slice(0, firstNewline + 1), state);
      if (lastNewline > firstNewline) out += engine.maskText(chunk.slice(firstNewline + 1, lastNewline + 1), state);
      carry = chunk.slice(lastNewline + 1);
      return carry.length > maxCarry ? out + flushLong() : out;
    },
    end(): string {
      const text = carry;
      carry = '';
      return text.length === 0 ? '' : engine.maskText(text, state);
    },
  };

  function flushLong(): string {
    if (state.inPem) {
      carry = carry.slice(-PEM_TAIL);
      return '';
    }
    const limit = carry.length - SAFE_TAIL;
    let cut = -1;
    for (let i = limit; i > limit - 4096 && i > 0; i--) {
      const c = carry.charCodeAt(i);
      if (c === 32 || c === 9 || c === 13) {
        cut = i + 1;
        break;
      }
    }
    if (cut < 0) cut = limit;
    const head = carry.slice(0, cut);
    carry = carry.slice(cut);
    return engine.maskText(head, state);
  }
}
