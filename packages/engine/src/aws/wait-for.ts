// Bounded polling on the injected clock: read until the predicate holds or the deadline passes.
// (The SDK's waiters sleep on real timers; these sleep on the Clock, so tests never wait.)
import type { Clock } from '../clock.js';

export type WaitOutcome<T> =
  { readonly met: true; readonly value: T } | { readonly met: false; readonly last: T | undefined };

export async function waitFor<T>(
  clock: Clock,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  { timeoutMs, intervalMs }: { readonly timeoutMs: number; readonly intervalMs: number },
): Promise<WaitOutcome<T>> {
  const deadline = clock.now().getTime() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await read();
    if (done(last)) return { met: true, value: last };
    if (clock.now().getTime() + intervalMs > deadline) return { met: false, last };
    await clock.sleep(intervalMs);
  }
}
