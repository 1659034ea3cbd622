// The application's HTTP health check after the instances are back: `tries` GETs `intervalMs`
// apart on the injected clock, passing on the expected status.
import type { Clock } from '../clock.js';

export interface HealthCheck {
  readonly url: string;
  /** Default 200. */
  readonly expectedStatus?: number;
  /** Default 5. */
  readonly tries?: number;
  /** Default 5000. */
  readonly intervalMs?: number;
}

export type HealthOutcome =
  | { readonly passed: true; readonly tries: number }
  | { readonly passed: false; readonly tries: number; readonly last: string };

export async function checkHealth(
  clock: Clock,
  fetchFn: (url: string) => Promise<{ readonly status: number }>,
  check: HealthCheck,
): Promise<HealthOutcome> {
  const tries = check.tries ?? 5;
  const expected = check.expectedStatus ?? 200;
  let last = '';
  for (let attempt = 1; attempt <= tries; attempt += 1) {
    try {
      const answer = await fetchFn(check.url);
      if (answer.status === expected) return { passed: true, tries: attempt };
      last = `HTTP ${answer.status} (expected ${expected})`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    if (attempt < tries) await clock.sleep(check.intervalMs ?? 5_000);
  }
  return { passed: false, tries, last };
}
