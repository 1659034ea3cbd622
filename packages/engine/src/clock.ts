/** Time as the engine sees it: injected so tests and the demo never really wait. */
export interface Clock {
  now(): Date;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = setTimeout(resolve, ms);
      signal?.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
    }),
};

/** A clock that starts at `start` and moves only when slept on: backoffs cost no real time. */
export function virtualClock(start: Date): Clock & { readonly slept: () => number } {
  let at = start.getTime();
  let slept = 0;
  return {
    now: () => new Date(at),
    sleep: async (ms) => {
      at += ms;
      slept += ms;
    },
    slept: () => slept,
  };
}

/** Deterministic PRNG (mulberry32) for the demo's jitter: same seed, same run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
