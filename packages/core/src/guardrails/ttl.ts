import { ConfigurationError } from '../errors.js';

/**
 * The shortest deny OpsGuard applies. The clean-up runs every 5 minutes at best and GitHub's
 * schedules are often late, so a shorter TTL would be a promise nobody keeps; the schema says the
 * same, and this is checked again at run time for plans that did not come from a validated file.
 */
export const MIN_GUARDRAIL_TTL_MINUTES = 30;

/** Throws a ConfigurationError naming `where` unless `ttlMinutes` is a whole number ≥ 30. */
export function assertGuardrailTtl(ttlMinutes: number, where: string): number {
  if (!Number.isInteger(ttlMinutes) || ttlMinutes < MIN_GUARDRAIL_TTL_MINUTES) {
    throw new ConfigurationError(
      `${where}: ttlMinutes must be a whole number of at least ${MIN_GUARDRAIL_TTL_MINUTES}, not ${String(ttlMinutes)}`,
    );
  }
  return ttlMinutes;
}

/** When a deny applied at `appliedAt` with `ttlMinutes` stops holding. */
export function guardrailExpiry(appliedAt: Date, ttlMinutes: number): Date {
  return new Date(appliedAt.getTime() + ttlMinutes * 60_000);
}
