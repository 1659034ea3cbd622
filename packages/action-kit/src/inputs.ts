import { ConfigurationError } from '@opsguard/core';
import { addMask, readInput } from './workflow-commands.js';

/**
 * Typed input readers. Each reads one input once and fails with a ConfigurationError that names
 * the input and what is allowed; numbers are validated, never `|| default`.
 */
function raw(name: string): string {
  return readInput(name);
}

export function requiredInput(name: string): string {
  const value = raw(name);
  if (value === '') throw new ConfigurationError(`input "${name}" is required and was not supplied`);
  return value;
}

export function optionalInput(name: string): string | undefined {
  const value = raw(name);
  return value === '' ? undefined : value;
}

/** A secret input: registered with the runner's masker before anything can print it. */
export function secretInput(name: string, options: { readonly required: boolean }): string | undefined {
  const value = raw(name);
  if (value === '') {
    if (options.required) throw new ConfigurationError(`input "${name}" is required and was not supplied`);
    return undefined;
  }
  addMask(value);
  return value;
}

const TRUE = new Set(['true', 'True', 'TRUE', 'yes', 'Yes', 'YES', 'on', 'On', 'ON']);
const FALSE = new Set(['false', 'False', 'FALSE', 'no', 'No', 'NO', 'off', 'Off', 'OFF']);

/** Booleans by YAML 1.2 core-schema rules (as `core.getBooleanInput`), with a default. */
export function booleanInput(name: string, fallback: boolean): boolean {
  const value = raw(name);
  if (value === '') return fallback;
  if (TRUE.has(value)) return true;
  if (FALSE.has(value)) return false;
  throw new ConfigurationError(`input "${name}" must be true or false, not "${value}"`);
}

export function integerInput(
  name: string,
  range: { readonly min: number; readonly max: number; readonly fallback: number },
): number {
  const value = raw(name);
  if (value === '') return range.fallback;
  if (!/^-?\d+$/.test(value)) throw new ConfigurationError(`input "${name}" must be a whole number, not "${value}"`);
  const n = Number.parseInt(value, 10);
  if (n < range.min || n > range.max) {
    throw new ConfigurationError(`input "${name}" must be between ${range.min} and ${range.max}, not ${n}`);
  }
  return n;
}

export function choiceInput<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
  const value = raw(name);
  if (value === '') return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ConfigurationError(`input "${name}" must be one of ${allowed.join(', ')}, not "${value}"`);
  }
  return value as T;
}

/** Newline- or comma-separated list, blanks dropped. */
export function listInput(name: string): string[] {
  return raw(name)
    .split(/[\n,]/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}
