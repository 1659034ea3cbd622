/** Scores a sanitiser on the probe sets the way the project's evaluation does (strict, window 8). */
import type { CleanProbe, SecretProbe } from './secret-probes.js';

const WINDOW = 8;

/** The first run of WINDOW characters of the secret (after its public prefix) still in `masked`. */
export function leftOver(probe: SecretProbe, masked: string): string | undefined {
  const secret =
    probe.keep && probe.secret.startsWith(probe.keep) ? probe.secret.slice(probe.keep.length) : probe.secret;
  if (masked.includes(secret)) return secret;
  for (const part of secret.split('\n')) {
    for (let i = 0; i + WINDOW <= part.length; i++) {
      const window = part.slice(i, i + WINDOW);
      if (masked.includes(window)) return window;
    }
  }
  return undefined;
}

export interface SanitizerScore {
  readonly secrets: number;
  readonly masked: number;
  readonly clean: number;
  readonly changed: number;
  /** Probe names that leaked (fully or partly) and clean probes that changed. */
  readonly leaks: readonly string[];
  readonly falsePositives: readonly string[];
}

export function scoreSanitizer(
  sanitize: (text: string) => string,
  secrets: readonly SecretProbe[],
  clean: readonly CleanProbe[],
): SanitizerScore {
  const leaks = secrets.filter((p) => leftOver(p, sanitize(p.text)) !== undefined).map((p) => p.name);
  const falsePositives = clean.filter((p) => sanitize(p.text) !== p.text).map((p) => p.name);
  return {
    secrets: secrets.length,
    masked: secrets.length - leaks.length,
    clean: clean.length,
    changed: falsePositives.length,
    leaks,
    falsePositives,
  };
}
