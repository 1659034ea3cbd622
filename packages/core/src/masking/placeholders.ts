/**
 * Values that look like secrets by position but are not: placeholders, references to variables,
 * values already masked, documentation examples.
 */
const PLACEHOLDER =
  /^(?:x{3,}|X{3,}|\*+.*|.*\*{3,}.*|<[^>]*>|\[[^\]]*\]|\{\{.*\}\}|\$\{\{.*\}\}|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|%[A-Za-z_][A-Za-z0-9_]*%|\$\([^)]*\)|changeme|change[-_]?me|password|passw0rd|secret|token|none|null|nil|undefined|true|false|empty|dummy|example|sample|placeholder|redacted|masked|hidden|test|testing|foo|bar|foobar|\.{3,}|-+|_+)$/i;

const PLACEHOLDER_PARTS =
  /example|redacted|placeholder|your[-_]|\$\{\{|\*\*\*|xxxxxx|<[a-z_-]+>|changeme|dummy|sample|fake|\(sensitive/i;

export function isPlaceholder(value: string): boolean {
  if (value.length === 0) return true;
  if (PLACEHOLDER.test(value)) return true;
  if (PLACEHOLDER_PARTS.test(value)) return true;
  // One repeated character (`aaaaaaaa`, `00000000`) or a simple run (`12345678`, `abcdefgh`).
  if (/^(.)\1+$/.test(value)) return true;
  if (/^(?:0123456789|123456789|12345678|abcdefgh)/i.test(value) && value.length <= 12) return true;
  return false;
}
