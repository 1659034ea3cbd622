/** One SQL call for many requests: answers in the order of the requests, one per request. */
export type BatchCall<Q, A> = (requests: readonly Q[]) => Promise<readonly A[]>;

export interface CallBatcherOptions {
  /** The most requests in one call; more wait for the next. */
  readonly maxBatch: number;
  /** Calls running at once (each holds a pool connection); requests queue behind them. */
  readonly maxInFlight: number;
  /**
   * A failed batch call: whether to run its requests again one by one, so one request the
   * store refuses does not fail the others with it. No for a store that is down (each would
   * fail the same way).
   */
  readonly retrySingly: (error: unknown) => boolean;
}

interface Waiting<Q, A> {
  readonly request: Q;
  readonly resolve: (answer: A) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Gathers requests into batch calls without a timer: a request goes out at once while fewer
 * than maxInFlight calls run; otherwise it queues, and when a call returns, whatever queued
 * meanwhile (up to maxBatch) goes out as the next call. So a lone request pays no wait, and
 * under load the store sees one round trip and one commit per batch. Each request is answered
 * only when its own call has returned (its transaction committed).
 */
export class CallBatcher<Q, A> {
  readonly #queue: Waiting<Q, A>[] = [];
  #inFlight = 0;

  constructor(
    private readonly call: BatchCall<Q, A>,
    private readonly options: CallBatcherOptions,
  ) {
    if (!(options.maxBatch >= 1 && options.maxInFlight >= 1)) {
      throw new RangeError('CallBatcher: maxBatch and maxInFlight must be at least 1');
    }
  }

  submit(request: Q): Promise<A> {
    return new Promise<A>((resolve, reject) => {
      this.#queue.push({ request, resolve, reject });
      this.#pump();
    });
  }

  /** Calls running now (for tests and metrics). */
  get inFlight(): number {
    return this.#inFlight;
  }

  #pump(): void {
    while (this.#inFlight < this.options.maxInFlight && this.#queue.length > 0) {
      this.#inFlight++;
      void this.#send(this.#queue.splice(0, this.options.maxBatch)).finally(() => {
        this.#inFlight--;
        this.#pump();
      });
    }
  }

  async #send(batch: readonly Waiting<Q, A>[]): Promise<void> {
    let answers: readonly A[];
    try {
      answers = await this.call(batch.map((w) => w.request));
      if (answers.length !== batch.length) {
        throw new TypeError(`batch call answered ${answers.length} times for ${batch.length} requests`);
      }
    } catch (error) {
      if (batch.length > 1 && this.options.retrySingly(error)) {
        await Promise.all(batch.map((w) => this.#send([w])));
      } else {
        for (const w of batch) w.reject(error);
      }
      return;
    }
    batch.forEach((w, i) => w.resolve(answers[i] as A));
  }
}
