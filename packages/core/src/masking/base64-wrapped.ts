import type { MaskRule } from './types.js';

/** Prefixes of secrets (and words that name them) worth decoding base64 text for. */
const WRAPPED_PREFIXES = [
  'ghp_',
  'gho_',
  'ghu_',
  'ghs_',
  'github_pat_',
  'glpat-',
  'xoxb-',
  'xoxp-',
  'sk_live_',
  'rk_live_',
  'AKIA',
  'npm_',
  'hvs.',
  'sk-proj-',
  'sk-ant-',
  '-----BEGIN',
  'dckr_pat_',
  'hf_',
  '{"auths"',
  'password',
  'passwd',
  'secret',
  'token',
];

/** The base64 text every encoding of `prefix` contains, at each of the three alignments. */
function base64Anchors(prefix: string): string[] {
  const anchors: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const b64 = Buffer.from('\0'.repeat(offset) + prefix, 'latin1').toString('base64');
    const start = Math.ceil((offset * 4) / 3);
    const whole = Math.floor(((offset + prefix.length) * 4) / 3);
    const core = b64.slice(start, whole);
    if (core.length >= 4) anchors.push(core);
  }
  return anchors;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * Base64 text that decodes to a known secret format (a Kubernetes Secret, a docker `auth`): found by
 * the base64 forms of the formats' prefixes, decoded, and masked whole when `isSecret` says so.
 */
export function base64WrappedRule(isSecret: (decoded: string) => boolean): MaskRule {
  const anchors = [...new Set(WRAPPED_PREFIXES.flatMap(base64Anchors))];
  const anchor = new RegExp(anchors.map(escape).join('|'));
  return {
    kind: 'base64-wrapped-secret',
    pattern: /(?<![A-Za-z0-9+/_-])(?<secret>[A-Za-z0-9+/_-]{16,}={0,2})/g,
    keywords: anchors.map((a) => a.toLowerCase()),
    accept: (secret) => {
      if (!anchor.test(secret)) return false;
      const decoded = Buffer.from(secret.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('latin1');
      return isSecret(decoded);
    },
  };
}
