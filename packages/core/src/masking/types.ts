/** A secret format: where it is (a regex) and what of the match is the secret. */
export interface MaskRule {
  /** Reported in counts, e.g. `github-token`; never the value. */
  readonly kind: string;
  /**
   * Global regex. A named group `secret` is the part that is masked (text before and after it in
   * the match, e.g. a documented public prefix like `ghp_` or `password=`, is kept); without it the
   * whole match is masked. A group named `pre`, when present, must end right where `secret` starts.
   */
  readonly pattern: RegExp;
  /**
   * Lower-case literals; a candidate line is only tried against this rule when it contains one of
   * them. Empty: every candidate line is tried.
   */
  readonly keywords: readonly string[];
  /** Regex source (matched case-insensitively) that makes a line a candidate besides the built-in triggers. */
  readonly anchor?: string;
  /** A cheap test a line must pass before the rule's regex runs on it (for rules without keywords). */
  readonly when?: RegExp;
  /** Minimum Shannon entropy (bits per character) of the secret. */
  readonly minEntropy?: number;
  /** Extra test on the secret (true: mask it); `before` is up to 48 characters of the line before the match. */
  readonly accept?: (secret: string, match: string, before: string) => boolean;
}

/** A user rule as written in `config/mask-rules.json`. */
export interface MaskRuleSpec {
  readonly kind: string;
  readonly regex: string;
  readonly flags?: string;
  readonly keywords?: readonly string[];
  readonly minEntropy?: number;
}

export interface SanitizerOptions {
  /** Extra rules (user formats), tried after the built-in ones. */
  readonly rules?: readonly (MaskRule | MaskRuleSpec)[];
  /** Values known to be secret (e.g. registered with `core.setSecret`), also masked base64/URL-encoded. */
  readonly values?: readonly string[];
  /** Shortest registered value that is masked (shorter ones would mask ordinary text). Default 4. */
  readonly minValueLength?: number;
  /** Regex sources; a candidate secret matching one of them is kept. */
  readonly allowlist?: readonly string[];
  /** Replacement text. Default `***`. */
  readonly mask?: string;
  /** Longest incomplete line the streaming core keeps before flushing it. Default 64 KiB. */
  readonly maxCarry?: number;
}

export type MaskCounts = Record<string, number>;

/** Chunk-safe streaming core: feed text as it arrives, get masked text back. Memory stays bounded. */
export interface StreamSanitizer {
  /** Masked output for the complete lines so far (may be empty; the tail waits for its end). */
  write(chunk: string): string;
  /** Flushes what is left. */
  end(): string;
}

export interface Sanitizer {
  /** Masks one whole text. A pure `(text) => string`, safe to pass around unbound. */
  readonly sanitize: (text: string) => string;
  /** Secrets masked so far, per kind. Never the values. */
  counts(): MaskCounts;
  resetCounts(): void;
  /** A new streaming sanitiser sharing these rules and counts. */
  stream(): StreamSanitizer;
}
