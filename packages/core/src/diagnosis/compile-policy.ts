import { ConfigurationError } from '../errors.js';
import type { CauseRule, RetryPolicy } from './retry-policy-types.js';

/** One cause, its patterns compiled. */
export interface CompiledCause {
  readonly name: string;
  readonly transient: boolean;
  readonly patterns: readonly RegExp[];
  /** A line matching one of these does not count for this cause. */
  readonly excludes: readonly RegExp[];
  readonly overriddenBy: readonly string[];
}

/** A policy's causes compiled once, in precedence order. */
export interface CompiledRetryPolicy {
  readonly causes: readonly CompiledCause[];
  /** Whether a cause (by name) is transient; unknown names are not. */
  isTransient(cause: string): boolean;
}

/** Thrown for a pattern that is not a valid regular expression; `path` is its JSON pointer. */
export class InvalidPatternError extends ConfigurationError {
  readonly path: string;
  readonly pattern: string;
  readonly reason: string;

  constructor(path: string, pattern: string, reason: string) {
    super(
      `retry policy: at ${path}: expected a JavaScript regular expression, found ${JSON.stringify(pattern)} (${reason})`,
    );
    this.path = path;
    this.pattern = pattern;
    this.reason = reason;
  }
}

export function isInvalidPatternError(value: unknown): value is InvalidPatternError {
  return (
    value instanceof Error &&
    value.name === 'ConfigurationError' &&
    typeof (value as { path?: unknown }).path === 'string' &&
    typeof (value as { pattern?: unknown }).pattern === 'string'
  );
}

function escapePointer(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** Compiles one pattern (case-insensitive); a bad one throws naming its JSON path. */
export function compilePattern(source: string, path: string): RegExp {
  try {
    return new RegExp(source, 'i');
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^Invalid regular expression: /, '') : String(error);
    throw new InvalidPatternError(path, source, reason);
  }
}

function compileCause(name: string, rule: CauseRule): CompiledCause {
  const base = `/causes/${escapePointer(name)}`;
  const patterns = [
    ...(rule.patterns ?? []).map((p, i) => compilePattern(p, `${base}/patterns/${i}`)),
    ...(rule.addPatterns ?? []).map((p, i) => compilePattern(p, `${base}/addPatterns/${i}`)),
  ];
  const excludes = (rule.excludePatterns ?? []).map((p, i) => compilePattern(p, `${base}/excludePatterns/${i}`));
  return { name, transient: rule.transient, patterns, excludes, overriddenBy: rule.overriddenBy ?? [] };
}

/** Compiles every cause's patterns once; classify and diagnose reuse the result. */
export function compileRetryPolicy(policy: Pick<RetryPolicy, 'causes'>): CompiledRetryPolicy {
  const causes = Object.entries(policy.causes).map(([name, rule]) => compileCause(name, rule));
  const transient = new Map(causes.map((c) => [c.name, c.transient]));
  return { causes, isTransient: (cause) => transient.get(cause) ?? false };
}
