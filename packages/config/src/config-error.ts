import { ConfigurationError } from '@opsguard/core';

/**
 * What is wrong at a path: a value of the wrong type or outside what is allowed, a key the
 * schema does not have, or a key that is missing. Problems are reported in that order: a value
 * the user wrote wrong says more than what is missing around it.
 */
export type ConfigProblemKind = 'wrong-value' | 'unknown-key' | 'missing-key';

export interface ConfigProblem {
  readonly kind: ConfigProblemKind;
  /** JSON pointer into the file, `/` for the whole document. */
  readonly path: string;
  readonly expected: string;
  readonly found: string;
}

/** A config file that does not parse or does not match its schema; names file, path, expected, found. */
export class ConfigFileError extends ConfigurationError {
  readonly file: string;
  readonly problems: readonly ConfigProblem[];

  constructor(file: string, problems: readonly ConfigProblem[]) {
    const first = problems[0];
    const head = first
      ? `${file}: at ${first.path}: expected ${first.expected}, found ${first.found}`
      : `${file}: invalid`;
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem(s))` : '';
    super(head + more);
    this.file = file;
    this.problems = problems;
  }
}
