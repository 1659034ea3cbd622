import { readFile } from 'node:fs/promises';
import {
  BUILTIN_RETRY_PROFILES,
  compileRetryPolicy,
  ConfigurationError,
  isInvalidPatternError,
  type RetryPolicy,
} from '@opsguard/core';
import defaults from '../../../config/retry-policy.json' with { type: 'json' };
import schema from '../../../config/schemas/retry-policy.schema.json' with { type: 'json' };
import { ConfigFileError } from './config-error.js';
import { catastrophicBacktracking } from './regex-backtracking.js';
import type { ConfigSpec } from './load-config.js';
import { parseConfigText, validateConfig } from './validate.js';

export type { RetryPolicy } from '@opsguard/core';

export const retryPolicySpec: ConfigSpec<RetryPolicy> = {
  name: 'retry-policy',
  defaults: defaults as RetryPolicy,
  schema,
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * A user's file over the defaults: top-level keys replace (so `deny` is exactly what the user
 * wrote), except `causes`, merged cause by cause and, within a built-in cause, field by field —
 * `{ "network": { "transient": false } }` flips one default and keeps its patterns.
 */
export function mergeRetryPolicy(base: RetryPolicy, override: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base, ...override };
  const userCauses = override['causes'];
  if (isPlainObject(userCauses)) {
    const causes: Record<string, unknown> = { ...base.causes };
    for (const [name, rule] of Object.entries(userCauses)) {
      const builtIn = base.causes[name];
      causes[name] = builtIn && isPlainObject(rule) ? { ...builtIn, ...rule } : rule;
    }
    merged['causes'] = causes;
  }
  return merged;
}

/** Schema first, then every pattern compiled: a bad regular expression names its JSON path. */
function validateRetryPolicy(document: unknown, file: string): RetryPolicy {
  const policy = validateConfig<RetryPolicy>(document, retryPolicySpec.schema, file);
  try {
    compileRetryPolicy(policy);
  } catch (error) {
    if (!isInvalidPatternError(error)) throw error;
    throw new ConfigFileError(file, [
      {
        kind: 'wrong-value',
        path: error.path,
        expected: 'a JavaScript regular expression',
        found: `${JSON.stringify(error.pattern)} (${error.reason})`,
      },
    ]);
  }
  const profiles = policy.profiles ?? BUILTIN_RETRY_PROFILES;
  if (policy.profile !== undefined && profiles[policy.profile] === undefined) {
    throw new ConfigFileError(file, [
      {
        kind: 'wrong-value',
        path: '/profile',
        expected: `a key of profiles (${Object.keys(profiles).join(', ')})`,
        found: JSON.stringify(policy.profile),
      },
    ]);
  }
  return policy;
}

/** Parses and validates a user's retry policy text, merged over the bundled defaults. */
export function parseRetryPolicy(text: string, file: string): RetryPolicy {
  const parsed = parseConfigText(text, file);
  const policy = validateRetryPolicy(
    isPlainObject(parsed) ? mergeRetryPolicy(retryPolicySpec.defaults, parsed) : parsed,
    file,
  );
  if (isPlainObject(parsed)) checkUserPatterns(parsed, file);
  return policy;
}

/** The user's own patterns (not the bundled ones) must not backtrack catastrophically. */
function checkUserPatterns(override: Record<string, unknown>, file: string): void {
  const causes = override['causes'];
  if (!isPlainObject(causes)) return;
  for (const [name, rule] of Object.entries(causes)) {
    if (!isPlainObject(rule)) continue;
    for (const field of ['patterns', 'addPatterns', 'excludePatterns']) {
      const list = rule[field];
      if (!Array.isArray(list)) continue;
      list.forEach((pattern: unknown, i) => {
        if (typeof pattern !== 'string') return;
        const why = catastrophicBacktracking(pattern, 'i');
        if (why === undefined) return;
        throw new ConfigFileError(file, [
          {
            kind: 'wrong-value',
            path: `/causes/${name.replaceAll('~', '~0').replaceAll('/', '~1')}/${field}/${i}`,
            expected: 'a regular expression that runs in linear time',
            found: `${JSON.stringify(pattern)} (${why})`,
          },
        ]);
      });
    }
  }
}

/** The bundled policy, or the user's file merged over it when a path is given. */
export async function loadRetryPolicy(path?: string): Promise<RetryPolicy> {
  if (path === undefined || path === '') {
    return validateRetryPolicy(retryPolicySpec.defaults, `config/${retryPolicySpec.name}.json (bundled)`);
  }
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ConfigurationError(`${path}: cannot read the ${retryPolicySpec.name} file (${code})`);
  }
  return parseRetryPolicy(text, path);
}
