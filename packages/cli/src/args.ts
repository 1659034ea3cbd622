import { ConfigurationError } from '@opsguard/core';
import type { CliCommand, ParsedValues } from './command.js';

/** Typed readers over parsed option values; a wrong value is a ConfigurationError naming the option. */
export function stringOption(values: ParsedValues, name: string): string | undefined {
  const value = values[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new ConfigurationError(`--${name} takes a value`);
  return value;
}

export function requiredString(values: ParsedValues, name: string): string {
  const value = stringOption(values, name);
  if (value === undefined || value.trim() === '') {
    throw new ConfigurationError(`--${name} is required`);
  }
  return value;
}

export function booleanOption(values: ParsedValues, name: string): boolean {
  return values[name] === true;
}

export function choiceOption<T extends string>(
  values: ParsedValues,
  name: string,
  allowed: readonly T[],
): T | undefined {
  const value = stringOption(values, name);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ConfigurationError(`--${name} must be one of ${allowed.join(', ')}, not "${value}"`);
  }
  return value as T;
}

export function integerOption(
  values: ParsedValues,
  name: string,
  range: { readonly min?: number; readonly max?: number } = {},
): number | undefined {
  const value = stringOption(values, name);
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value.trim())) {
    throw new ConfigurationError(`--${name} must be a whole number, not "${value}"`);
  }
  const n = Number.parseInt(value, 10);
  if ((range.min !== undefined && n < range.min) || (range.max !== undefined && n > range.max)) {
    throw new ConfigurationError(`--${name} must be between ${range.min ?? '-∞'} and ${range.max ?? '∞'}, not ${n}`);
  }
  return n;
}

/**
 * Why the positional arguments do not fit what `command` takes, or null when they do. A stray
 * word is refused rather than ignored: `classify extra-arg` must not look as if it meant something.
 */
export function positionalProblem(command: CliCommand, positionals: readonly string[]): string | null {
  const takes = command.positionals ?? [];
  if (positionals.length <= takes.length) return null;
  const extra = positionals.slice(takes.length).map((p) => `"${p}"`);
  const allowed =
    takes.length === 0
      ? `${command.name} takes no arguments`
      : `${command.name} takes ${takes.length} (${takes.map((t) => `<${t}>`).join(' ')})`;
  return `unexpected argument${extra.length > 1 ? 's' : ''} ${extra.join(' ')}: ${allowed}`;
}
