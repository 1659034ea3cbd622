import { sha256Hex } from '../hash/sha256.js';

/**
 * What makes two failures "the same problem" for an auditor: cause, workflow, job and the message
 * with its variable parts (times, ids, hashes, numbers, temp paths) replaced, so yesterday's
 * failure and today's land on the same ticket.
 */
export interface ClusterKey {
  readonly cause: string;
  readonly workflow: string;
  /** The failed job's name with matrix values kept (`test (ubuntu, 20)`): null when unknown. */
  readonly job: string | null;
  /** Normalised message (see normaliseMessage). */
  readonly message: string;
}

type Replacement = string | ((match: string) => string);

const RULES: readonly (readonly [RegExp, Replacement])[] = [
  // ANSI colours and a log line's own timestamp prefix.
  // eslint-disable-next-line no-control-regex -- ANSI escapes are exactly what is removed
  [/\u001b\[[0-9;]*m/g, ''],
  [/^\s*\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z\s*/g, ''],
  [/\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?/g, '<time>'],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>'],
  // Commit shas, digests, ids: hex with both digits and letters (a plain word like `deadbeef` stays).
  [/\b[0-9a-f]{7,64}\b/gi, (s) => (/\d/.test(s) && /[a-f]/i.test(s) ? '<hex>' : s)],
  [/(?:\/tmp|\/home\/runner\/work\/_temp|[A-Z]:\\Users\\[^\\]+\\AppData\\Local\\Temp)\/?[\w./\\-]*/g, '<tmp>'],
  [/\b\d+(?:\.\d+)?\b/g, '<n>'],
  [/\s+/g, ' '],
];

/** The message with its variable parts replaced, trimmed to 200 characters. */
export function normaliseMessage(message: string): string {
  let text = message.split('\n').find((l) => l.trim() !== '') ?? '';
  for (const [pattern, replacement] of RULES) {
    text = typeof replacement === 'string' ? text.replace(pattern, replacement) : text.replace(pattern, replacement);
  }
  return text.trim().slice(0, 200);
}

export function clusterKeyOf(input: {
  readonly cause: string;
  readonly workflow: string;
  readonly job: string | null;
  readonly message: string;
}): ClusterKey {
  return { cause: input.cause, workflow: input.workflow, job: input.job, message: normaliseMessage(input.message) };
}

/** Hex SHA-256 of the key's fields; `v1` so a future normalisation can start new tickets knowingly. */
export function fingerprintOf(key: ClusterKey): string {
  return sha256Hex(['v1', key.cause, key.workflow, key.job ?? '', key.message].join('\n'));
}
