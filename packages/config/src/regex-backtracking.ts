import { createContext, Script } from 'node:vm';

/**
 * Catches a user's regular expression that backtracks catastrophically, before it meets a log:
 * the pattern runs, under a time limit, against inputs built to make such patterns explode — long
 * runs of one character (each class a pattern is likely to repeat, and the pattern's own literal
 * characters) after each literal word of the pattern, ending in a character that makes the match
 * fail. A safe pattern answers all of them in well under a millisecond each; `(a+)+$` or
 * `(\w|\d)*x` never finish. JavaScript cannot interrupt a regex, but a `vm` time-out can.
 */
/** Exponential backtracking is hopeless far below this length; quadratic stays in milliseconds. */
const RUN = 1000;
/** For all inputs together: a linear or quadratic pattern needs a few milliseconds. */
const DEFAULT_LIMIT_MS = 1000;
/** Endings that make the match fail late: a stray byte, doubled white space. */
const ENDINGS = ['\u0000!', '  ', '\n\n!'];
const CLASS_SAMPLES = ['a', 'A', '0', ' ', '\t', '-', '_', '.', '/', '=', ':', '@', '+', '%', 'é'];

/** Literal words of a pattern source (outside escapes and classes, roughly): prefixes to reach its body. */
function literalWords(source: string): string[] {
  const words = source
    .replace(/\\[pPuxc]\{?[\w-]*\}?|\\./g, '\u00a7')
    .replace(/\[[^\]]*\]/g, '\u00a7')
    .replace(/\(\?(?:<[A-Za-z]\w*>|<?[=!]|:)/g, '\u00a7')
    .split(/[\u00a7()[\]{}?*+|^$]+/)
    .filter((w) => w.trim().length >= 2);
  return [...new Set(words)].slice(0, 3);
}

export function adversarialInputs(source: string): string[] {
  const literalChars = [...new Set(source.replace(/\\./g, '').replace(/[()[\]{}?*+|^$\\]/g, ''))].slice(0, 6);
  const chars = [...new Set([...CLASS_SAMPLES, ...literalChars])];
  const prefixes = ['', ...literalWords(source)];
  return prefixes.flatMap((prefix) => chars.flatMap((c) => ENDINGS.map((end) => `${prefix}${c.repeat(RUN)}${end}`)));
}

/** undefined when the pattern is safe; otherwise which input took longer than `limitMs`. */
export function catastrophicBacktracking(
  source: string,
  flags: string,
  limitMs = DEFAULT_LIMIT_MS,
): string | undefined {
  const inputs = adversarialInputs(source);
  const context = createContext({ re: new RegExp(source, flags.replace('g', '')), inputs, at: 0 });
  try {
    new Script('for (; at < inputs.length; at++) re.test(inputs[at]);').runInContext(context, { timeout: limitMs });
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw error;
    const input = inputs[Number(context['at'])] ?? '';
    const shown = input.slice(0, 24).replace(/\s/g, (c) => JSON.stringify(c).slice(1, -1));
    return `it ran over ${limitMs} ms on "${shown}…" (${input.length} characters): nested or overlapping quantifiers such as (a+)+ or (\\w|\\d)* backtrack exponentially`;
  }
  return undefined;
}
