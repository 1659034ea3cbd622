import type { IntakeClaim } from '@opsguard/store';

type Claimed = Extract<IntakeClaim, { outcome: 'claimed' }>;

export interface InFlightEntry {
  /** The holder's claim: its reference is what every duplicate is answered with. */
  readonly claim: Claimed;
  readonly settled: Promise<'done' | 'failed'>;
}

/**
 * Keys this process is processing right now. A duplicate of the same payload that arrives
 * meanwhile waits on the holder here instead of asking the store again, so a burst of
 * redeliveries to one server costs the store one claim. Other servers still meet in the store.
 */
export class InFlight {
  readonly #running = new Map<string, InFlightEntry>();

  get(key: string): InFlightEntry | undefined {
    return this.#running.get(key);
  }

  async run<T extends { readonly status: 'done' | 'failed' }>(
    key: string,
    claim: Claimed,
    work: () => Promise<T>,
  ): Promise<T> {
    let settle: (status: 'done' | 'failed') => void = () => undefined;
    this.#running.set(key, { claim, settled: new Promise((resolve) => (settle = resolve)) });
    try {
      const result = await work();
      settle(result.status);
      return result;
    } catch (error) {
      settle('failed');
      throw error;
    } finally {
      this.#running.delete(key);
    }
  }

  get size(): number {
    return this.#running.size;
  }
}
