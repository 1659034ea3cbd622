import { base64WrappedRule } from './base64-wrapped.js';
import { BUILTIN_RULES, POSITIONAL_PAIR } from './builtin-rules.js';
import { shannonEntropy } from './entropy.js';
import { isPlaceholder } from './placeholders.js';
import { KeywordScanner } from './keyword-router.js';
import { valueVariants } from './registered-values.js';
import type { MaskCounts, MaskRule, MaskRuleSpec, SanitizerOptions } from './types.js';

const PEM_BEGIN = /-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----/;
const PEM_END = '-----END';

/**
 * What makes a line a candidate, as three regexes (one alternation of all of them is slower than
 * three passes: V8's scan skips ahead only while the set of characters a match can start with stays
 * small): words that name secrets and the shape of prefixed vendor tokens (`xx_` + 16
 * alphanumerics), case-insensitive; structure in lower case and punctuation (credentials in URLs,
 * PEM headers, SAS signatures, .netrc, flags, `-t <uuid>`, `-SecureString`) with the vendor
 * prefixes that have `-` or `.` (JWTs, `glpat-`, `sk-`, `hvs.`), webhook hosts and a quoted id
 * followed by a quoted secret (SDK constructors); and the upper-case vendor prefixes (`AKIA`,
 * `LTAI`, …), which alone form a cheap pass (grouped by the case of their first character, the
 * three passes measured ~15 % faster than grouped by meaning). Only which line a pass hits
 * matters, so the grouping does not change which lines are candidates.
 * Other tokens are found through the words around them (`token`, `key`, `Authorization`, `login`).
 * Each candidate line is then routed to the rules by their own keywords. A built-in rule's trigger
 * belongs here, not in its `anchor`: the anchors of user rules form a fourth pass, which costs a
 * scan of all text (a fourth pass of built-in anchors halved the throughput).
 */
const TRIGGER_WORDS =
  /key|token|secret|auth|pass(?:[wp]|\s*[=:])|_pass|pwd|login|bearer|cred[es]|webhook|pat["']?\s*[=:]|[a-z0-9]_[a-z0-9]{16}/gi;
const TRIGGER_STRUCTURE = new RegExp(
  String.raw`:(?:\/\/[^\s/@]{1,128}@|AA)|-(?:----BEGIN|u |p\s*['"]|[Aa]pi|t[ \t]+["']?[0-9a-fA-F]{8}-|[Ss]ecure[Ss]tring)|xox|xapp-|sig=|machine |` +
    String.raw`glpat-|SG\.|eyJ|hv[sbr]\.|sk-|dp\.[a-z]|hooks\.(?:slack|zapier)|` +
    POSITIONAL_PAIR.source,
  'g',
);
const TRIGGER_UPPER =
  /A(?:KIA|SIA|BIA|CCA|Iza|3T|TBB|TCTT3|KCp|gEIcHlw)|Q~|LTAI|EZ[AT]K|FLWSECK|NR(?:AK|AA|II|JS|RA)-|PMAK-|HRKU-|CFPAT-|EAA[A-Z]|SK[0-9a-f]{32}/g;

/** Per-text (or per-stream) state: whether we are inside a multi-line private key block. */
export interface LineState {
  inPem: boolean;
  pemMasked: boolean;
}

export function newLineState(): LineState {
  return { inPem: false, pemMasked: false };
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A `MaskRuleSpec` (user JSON) as a `MaskRule`; a bad regex throws naming the rule. */
export function compileRuleSpec(spec: MaskRule | MaskRuleSpec): MaskRule {
  if ('pattern' in spec) return spec;
  const flags = [...new Set(`g${spec.flags ?? ''}`.replace(/[^gimsuyd]/g, ''))].join('');
  let pattern: RegExp;
  try {
    pattern = new RegExp(spec.regex, flags);
  } catch (error) {
    throw new Error(`mask rule "${spec.kind}": invalid regex: ${(error as Error).message}`, { cause: error });
  }
  const keywords = (spec.keywords ?? []).map((k) => k.toLowerCase());
  return {
    kind: spec.kind,
    pattern,
    keywords,
    // A user rule without keywords makes every line a candidate only through its own regex.
    ...(keywords.length === 0 ? { anchor: spec.regex.replace(/\(\?<[A-Za-z]\w*>/g, '(?:') } : {}),
    ...(spec.minEntropy !== undefined ? { minEntropy: spec.minEntropy } : {}),
  };
}

/** Compiled rules plus the prefilter that finds candidate lines and routes them to rules. */
export class MaskEngine {
  readonly rules: readonly MaskRule[];
  /** Find candidate lines (each its own regex; a line is a candidate when any of them hits it). */
  private readonly prefilters: readonly RegExp[];
  /** Routes a candidate line to the rules whose keywords it contains. */
  private readonly router: KeywordScanner;
  private readonly rulesByKeyword: number[][];
  private readonly alwaysRules: readonly number[];
  /** Scratch: which rules a line is routed to. */
  private readonly enabled: Uint8Array;
  /** Marks the rules of keyword `id` in `enabled` (bound once: no closure per line). */
  private readonly enableRulesOf = (id: number): void => {
    for (const r of this.rulesByKeyword[id] ?? []) this.enabled[r] = 1;
  };
  private readonly values: readonly string[];
  private readonly allowlist: readonly RegExp[];
  private readonly mask: string;
  private readonly counter: MaskCounts = {};
  private readonly inner: MaskEngine | undefined;

  constructor(options: SanitizerOptions = {}, nested = false) {
    this.mask = options.mask ?? '***';
    this.allowlist = (options.allowlist ?? []).map((a) => new RegExp(a));
    this.values = [
      ...new Set((options.values ?? []).flatMap((v) => valueVariants(v, options.minValueLength ?? 4))),
    ].sort((a, b) => b.length - a.length);
    const extra = (options.rules ?? []).map(compileRuleSpec);
    this.inner = nested ? undefined : new MaskEngine({ rules: extra }, true);
    const wrapped = nested ? [] : [base64WrappedRule((decoded) => this.inner?.isSecretText(decoded) ?? false)];
    this.rules = [...BUILTIN_RULES, ...extra, ...wrapped];
    const keywordIds = new Map<string, number>();
    const ruleKeywords = this.rules.map((rule) =>
      rule.keywords.map((k) => {
        let id = keywordIds.get(k);
        if (id === undefined) keywordIds.set(k, (id = keywordIds.size));
        return id;
      }),
    );
    this.router = new KeywordScanner([...keywordIds.keys()]);
    this.rulesByKeyword = [...keywordIds.keys()].map(() => [] as number[]);
    ruleKeywords.forEach((ids, ruleIndex) => ids.forEach((id) => this.rulesByKeyword[id]?.push(ruleIndex)));
    this.alwaysRules = this.rules.flatMap((rule, i) => (rule.keywords.length === 0 ? [i] : []));
    this.enabled = new Uint8Array(this.rules.length);
    const anchors = this.rules.flatMap((rule) => (rule.anchor !== undefined ? [`(?:${rule.anchor})`] : []));
    const userKeywords = extra.flatMap((rule) => rule.keywords.map(escapeRegex));
    const own = [...this.values.map(escapeRegex), ...userKeywords, ...anchors];
    this.prefilters = [
      TRIGGER_WORDS,
      TRIGGER_STRUCTURE,
      TRIGGER_UPPER,
      ...(own.length > 0 ? [new RegExp(own.join('|'), 'gi')] : []),
    ].map((re) => new RegExp(re.source, re.flags));
  }

  counts(): MaskCounts {
    return { ...this.counter };
  }

  resetCounts(): void {
    for (const k of Object.keys(this.counter)) delete this.counter[k];
  }

  private count(kind: string): void {
    this.counter[kind] = (this.counter[kind] ?? 0) + 1;
  }

  /** Whether decoded text (e.g. from base64) holds a secret in a strong format. */
  isSecretText(text: string): boolean {
    if (!/^[\x20-\x7e\n]*$/.test(text) || text.length < 8) return false;
    const masked = this.maskText(text, newLineState());
    if (masked !== text) return true;
    // `user:password` as in a docker `auth` or HTTP Basic value.
    const colon = /^[^\s:]{1,64}:([^\s]{8,})$/.exec(text);
    return colon?.[1] !== undefined && shannonEntropy(colon[1]) >= 3;
  }

  /**
   * Masks `text`, whose last line may be incomplete. Only lines the prefilter flags are examined;
   * a private key block may span calls through `state`.
   */
  maskText(text: string, state: LineState): string {
    const parts: string[] = [];
    let pos = 0;
    /** Text before `copied` is in `parts`; from there on it is unchanged so far. */
    let copied = 0;
    const n = text.length;
    const prefilters = this.prefilters;
    const next = prefilters.map(() => -1);
    while (pos < n) {
      if (state.inPem) {
        if (pos > copied) parts.push(text.slice(copied, pos));
        pos = this.skipPem(text, pos, state, parts);
        copied = Math.min(pos, n);
        continue;
      }
      let hit = n;
      for (let i = 0; i < prefilters.length; i++) {
        let at = next[i] ?? -1;
        if (at < pos && at !== n) {
          const re = prefilters[i] as RegExp;
          re.lastIndex = pos;
          at = re.exec(text)?.index ?? n;
          next[i] = at;
        }
        if (at < hit) hit = at;
      }
      if (hit === n) break;
      const lineStart = text.lastIndexOf('\n', hit) + 1;
      let lineEnd = text.indexOf('\n', hit);
      if (lineEnd < 0) lineEnd = n;
      const line = text.slice(lineStart, lineEnd);
      const masked = this.maskLine(line, state);
      // Most candidate lines hold no secret: copy unchanged text in one piece, later.
      if (masked !== line) {
        if (lineStart > copied) parts.push(text.slice(copied, lineStart));
        parts.push(masked);
        copied = lineEnd;
      }
      pos = lineEnd + 1;
    }
    if (copied === 0 && parts.length === 0) return text;
    if (copied < n) parts.push(text.slice(copied));
    return parts.join('');
  }

  /** Inside a private key: drop lines up to `-----END`, writing one mask in their place. */
  private skipPem(text: string, pos: number, state: LineState, parts: string[]): number {
    const end = text.indexOf(PEM_END, pos);
    const bodyEnd = end < 0 ? text.length : text.lastIndexOf('\n', end) + 1;
    if (!state.pemMasked && bodyEnd > pos) {
      const indent = /^[ \t]*/.exec(text.slice(pos, Math.min(bodyEnd, pos + 64)))?.[0] ?? '';
      parts.push(`${indent}${this.mask}\n`);
      state.pemMasked = true;
    }
    if (end < 0) return text.length;
    state.inPem = false;
    state.pemMasked = false;
    let lineEnd = text.indexOf('\n', end);
    if (lineEnd < 0) lineEnd = text.length;
    const indent = /^[ \t]*/.exec(text.slice(bodyEnd, end))?.[0] ?? '';
    parts.push(indent + this.maskLine(text.slice(end, lineEnd), state));
    if (lineEnd < text.length) parts.push('\n');
    return lineEnd + 1;
  }

  /** Masks one line (no newline). May open a private key block in `state`. */
  maskLine(line: string, state: LineState): string {
    let out = line;
    for (const v of this.values) {
      if (out.includes(v)) {
        const pieces = out.split(v);
        for (let i = 1; i < pieces.length; i++) this.count('registered-secret');
        out = pieces.join(this.mask);
      }
    }
    const begin = out.includes('-----BEGIN') ? PEM_BEGIN.exec(out) : null;
    let tail = '';
    if (begin !== null) {
      const after = begin.index + begin[0].length;
      const rest = out.slice(after);
      out = out.slice(0, begin.index);
      this.count('private-key');
      const endAt = rest.indexOf(PEM_END);
      if (endAt >= 0) {
        tail = begin[0] + this.mask + rest.slice(endAt);
      } else if (rest.trim() === '' || rest.trim() === '\\n') {
        tail = begin[0] + (rest.trim() === '' ? '' : this.mask);
        if (rest.trim() === '') {
          state.inPem = true;
          state.pemMasked = false;
        }
      } else {
        // One-line key (JSON `\n` escapes, or a value printed flat): mask to the closing quote.
        const close = rest.search(/["']/);
        tail = begin[0] + this.mask + (close >= 0 ? rest.slice(close) : '');
      }
    }
    // Which rules to run, in rule order: those without keywords, and those whose keywords the line has.
    const enabled = this.enabled;
    enabled.fill(0);
    for (const r of this.alwaysRules) enabled[r] = 1;
    this.router.forEachMatch(out, this.enableRulesOf);
    for (let r = 0; r < enabled.length; r++) {
      if (enabled[r] === 0) continue;
      const rule = this.rules[r];
      if (rule !== undefined && (rule.when === undefined || rule.when.test(out))) out = this.applyRule(rule, out);
    }
    return out + tail;
  }

  private applyRule(rule: MaskRule, line: string): string {
    rule.pattern.lastIndex = 0;
    return line.replace(rule.pattern, (...args: unknown[]) => {
      const match = args[0] as string;
      const last = args[args.length - 1];
      const hasGroups = typeof last === 'object' && last !== null;
      const groups = hasGroups ? (last as Record<string, string | undefined>) : {};
      const offset = args[args.length - (hasGroups ? 3 : 2)] as number;
      const secret = groups['secret'] ?? match;
      const pre = groups['pre'];
      const at = pre !== undefined ? pre.length : Math.max(match.indexOf(secret), 0);
      // A prefix that an earlier rule kept (`lin_api_***`) is not a secret of its own.
      if (line.startsWith(this.mask, offset + at + secret.length)) return match;
      if (!this.shouldMask(rule, secret, match, line.slice(Math.max(0, offset - 48), offset))) return match;
      this.count(rule.kind);
      return match.slice(0, at) + this.mask + match.slice(at + secret.length);
    });
  }

  private shouldMask(rule: MaskRule, secret: string, match: string, before: string): boolean {
    if (secret.length === 0 || isPlaceholder(secret)) return false;
    if (secret.includes(this.mask)) return false;
    if (rule.minEntropy !== undefined && shannonEntropy(secret) < rule.minEntropy) return false;
    if (rule.accept !== undefined && !rule.accept(secret, match, before)) return false;
    for (const allow of this.allowlist) if (allow.test(secret) || allow.test(match)) return false;
    return true;
  }
}
