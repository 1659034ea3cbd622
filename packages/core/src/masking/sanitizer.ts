import { MaskEngine, newLineState } from './engine.js';
import { createStreamSanitizer } from './stream.js';
import type { Sanitizer, SanitizerOptions } from './types.js';

const LARGE = 1024 * 1024;
const SLICE = 64 * 1024;

/**
 * A secret sanitiser over the built-in formats plus `options.rules` and registered `options.values`.
 * Pure: no I/O. `sanitize` is a plain `(text) => string`; `stream()` gives the chunk-safe core.
 */
export function createSanitizer(options: SanitizerOptions = {}): Sanitizer {
  const engine = new MaskEngine(options);
  return {
    sanitize: (text: string) => {
      if (text.length <= LARGE) return engine.maskText(text, newLineState());
      // Large texts go through the streaming core in slices: the prefilter runs on cache-sized pieces.
      const stream = createStreamSanitizer(engine, options.maxCarry);
      let out = '';
      for (let i = 0; i < text.length; i += SLICE) out += stream.write(text.slice(i, i + SLICE));
      return out + stream.end();
    },
    counts: () => engine.counts(),
    resetCounts: () => engine.resetCounts(),
    stream: () => createStreamSanitizer(engine, options.maxCarry),
  };
}
