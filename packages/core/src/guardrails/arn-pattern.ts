import type { PrincipalKind, PrincipalRef } from './guardrail-types.js';

/**
 * Principal ARN patterns: `arn:<partition>:iam::<account>:<role|user|group>/<path and name>`, where
 * the partition and the account may be `*`, and the path and name may hold `*` (any run of
 * characters, `/` included) and `?` (one character). The kind is never a wildcard: it says which
 * IAM list a pattern is resolved against and which Attach*Policy call applies.
 */
export interface ArnPattern {
  readonly text: string;
  readonly kind: PrincipalKind;
  readonly hasWildcard: boolean;
}

export type ArnPatternParse =
  { readonly ok: true; readonly pattern: ArnPattern } | { readonly ok: false; readonly reason: string };

const PARTITIONS = new Set(['aws', 'aws-cn', 'aws-us-gov', '*']);
const KINDS: readonly PrincipalKind[] = ['role', 'user', 'group'];
/** IAM names and paths: letters, digits and `+=,.@_-`, paths separated by `/`. */
const RESOURCE = /^[A-Za-z0-9+=,.@_/*?-]+$/;

export function parseArnPattern(text: string): ArnPatternParse {
  const parts = text.split(':');
  if (parts.length !== 6 || parts[0] !== 'arn') {
    return { ok: false, reason: 'an ARN has six colon-separated parts: arn:aws:iam::<account>:<kind>/<name>' };
  }
  const [, partition = '', service = '', region = '', account = '', resource = ''] = parts;
  if (!PARTITIONS.has(partition)) return { ok: false, reason: `unknown partition "${partition}"` };
  if (service !== 'iam') return { ok: false, reason: `service must be iam, not "${service}"` };
  if (region !== '') return { ok: false, reason: 'IAM ARNs have an empty region' };
  if (account !== '*' && !/^\d{12}$/.test(account)) {
    return { ok: false, reason: `account must be 12 digits or *, not "${account}"` };
  }
  const slash = resource.indexOf('/');
  const kind = slash < 0 ? resource : resource.slice(0, slash);
  if (!(KINDS as readonly string[]).includes(kind)) {
    return { ok: false, reason: `the resource must start with role/, user/ or group/, not "${resource}"` };
  }
  const rest = resource.slice(slash + 1);
  if (slash < 0 || rest === '' || rest.endsWith('/') || !RESOURCE.test(rest) || rest.includes('//')) {
    return { ok: false, reason: `"${rest}" is not an IAM ${kind} name (letters, digits, +=,.@_- and / paths)` };
  }
  return {
    ok: true,
    pattern: { text, kind: kind as PrincipalKind, hasWildcard: /[*?]/.test(partition + account + rest) },
  };
}

/** Glob match, `*` any run (possibly empty), `?` exactly one character; case-sensitive like IAM ARNs. */
export function globMatches(pattern: string, value: string): boolean {
  // Iterative with backtracking to the last `*`: linear in practice, no regular expression built.
  let p = 0;
  let v = 0;
  let star = -1;
  let mark = 0;
  while (v < value.length) {
    const c = pattern[p];
    if (c === '?' || (c !== undefined && c !== '*' && c === value[v])) {
      p++;
      v++;
    } else if (c === '*') {
      star = p++;
      mark = v;
    } else if (star >= 0) {
      p = star + 1;
      v = ++mark;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}

/**
 * True when every string `inner` matches is matched by `outer` too (outer covers inner), so the
 * two exceptions overlap and one of them is redundant. Sound: `outer`'s `*` may swallow any of
 * inner's characters or wildcards, its `?` only one literal or `?`, its literals only themselves.
 */
export function globCovers(outer: string, inner: string): boolean {
  const memo = new Map<number, boolean>();
  const go = (o: number, i: number): boolean => {
    const key = o * (inner.length + 1) + i;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    if (o === outer.length) result = i === inner.length;
    else if (outer[o] === '*') result = go(o + 1, i) || (i < inner.length && go(o, i + 1));
    else if (i === inner.length) result = false;
    else if (outer[o] === '?') result = inner[i] !== '*' && go(o + 1, i + 1);
    else result = outer[o] === inner[i] && go(o + 1, i + 1);
    memo.set(key, result);
    return result;
  };
  return go(0, 0);
}

/** Parses a concrete principal ARN (no wildcards) into what IAM's calls need. */
export function principalOf(arn: string): PrincipalRef | null {
  const parsed = parseArnPattern(arn);
  if (!parsed.ok || parsed.pattern.hasWildcard) return null;
  const resource = arn.split(':')[5] ?? '';
  const name = resource.slice(resource.lastIndexOf('/') + 1);
  return { arn, kind: parsed.pattern.kind, name, accountId: arn.split(':')[4] ?? '' };
}
