import { readFile } from 'node:fs/promises';
import { ConfigurationError } from '@opsguard/core';
import { ConfigFileError, type ConfigProblem } from './config-error.js';
import { parseConfigText, validateConfig } from './validate.js';

/** A policy file kind: its bundled defaults and the schema both defaults and overrides obey. */
export interface ConfigSpec<T> {
  readonly name: string;
  readonly defaults: T;
  readonly schema: Readonly<Record<string, unknown>>;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * A user's file overrides the defaults key by key at the top level (arrays and objects under a
 * key are replaced whole, so a user's rule list is exactly what they wrote). `$schema` is kept
 * for editors and ignored here.
 */
export function mergeOverride<T>(defaults: T, override: Record<string, unknown>): T {
  if (!isPlainObject(defaults)) return override as T;
  return { ...defaults, ...override } as T;
}

/**
 * A key missing under a top-level key the user's file gives is missing because that value
 * replaced the bundled one whole: say so, or the message reads as if the bundled file were
 * broken.
 */
function explainReplaced(problem: ConfigProblem, override: Record<string, unknown>): ConfigProblem {
  if (problem.kind !== 'missing-key' || problem.path === '/') return problem;
  const top = problem.path.split('/')[1]?.replaceAll('~1', '/').replaceAll('~0', '~');
  if (top === undefined || !(top in override)) return problem;
  return {
    ...problem,
    expected: `${problem.expected} (your "${top}" replaces the bundled one whole, so it must be complete)`,
  };
}

/** Parses and validates a user's override text, then merges it over the defaults. */
export function parseConfigOverride<T>(spec: ConfigSpec<T>, text: string, file: string): T {
  const parsed = parseConfigText(text, file);
  if (!isPlainObject(parsed)) {
    return validateConfig<T>(parsed, spec.schema, file);
  }
  try {
    return validateConfig<T>(mergeOverride(spec.defaults, parsed), spec.schema, file);
  } catch (error) {
    if (!(error instanceof ConfigFileError)) throw error;
    throw new ConfigFileError(
      file,
      error.problems.map((p) => explainReplaced(p, parsed)),
    );
  }
}

/** The defaults, or the user's file merged over them when a path is given. */
export async function loadConfig<T>(spec: ConfigSpec<T>, overridePath?: string): Promise<T> {
  if (overridePath === undefined || overridePath === '') {
    return validateConfig<T>(spec.defaults, spec.schema, `config/${spec.name}.json (bundled)`);
  }
  let text: string;
  try {
    text = await readFile(overridePath, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ConfigurationError(`${overridePath}: cannot read the ${spec.name} file (${code})`);
  }
  return parseConfigOverride(spec, text, overridePath);
}
