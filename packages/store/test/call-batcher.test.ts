import { describe, expect, it } from '@jest/globals';
import { CallBatcher, type CallBatcherOptions } from '../src/call-batcher.js';

/** A batch call the test answers by hand: each call waits until the test releases it. */
function handCall() {
  const calls: { batch: readonly number[]; release: (error?: Error) => void }[] = [];
  const call = (batch: readonly number[]) =>
    new Promise<readonly string[]>((resolve, reject) => {
      calls.push({
        batch,
        release: (error) => (error ? reject(error) : resolve(batch.map((n) => `answer ${n}`))),
      });
    });
  return { calls, call };
}

const options = (overrides: Partial<CallBatcherOptions> = {}): CallBatcherOptions => ({
  maxBatch: 4,
  maxInFlight: 1,
  retrySingly: () => true,
  ...overrides,
});

/** Lets the promise callbacks run (no timers involved). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('CallBatcher', () => {
  it('a lone request goes out at once, alone', async () => {
    const { calls, call } = handCall();
    const batcher = new CallBatcher(call, options());
    const answer = batcher.submit(1);
    expect(calls.map((c) => c.batch)).toEqual([[1]]);
    calls[0]!.release();
    expect(await answer).toBe('answer 1');
    await settle();
    expect(batcher.inFlight).toBe(0);
  });

  it('what queues while a call runs goes out as the next call, at most maxBatch at a time, answers by position', async () => {
    const { calls, call } = handCall();
    const batcher = new CallBatcher(call, options());
    const answered: string[] = [];
    const answers = Array.from({ length: 10 }, (_, i) => batcher.submit(i).then((a) => (answered.push(a), a)));
    expect(calls.map((c) => c.batch)).toEqual([[0]]);
    await settle();
    // Nobody is answered before their own call has returned.
    expect(answered).toEqual([]);
    calls[0]!.release();
    await settle();
    expect(answered).toEqual(['answer 0']);
    expect(calls.map((c) => c.batch)).toEqual([[0], [1, 2, 3, 4]]);
    calls[1]!.release();
    await settle();
    expect(calls.map((c) => c.batch)).toEqual([[0], [1, 2, 3, 4], [5, 6, 7, 8]]);
    calls[2]!.release();
    await settle();
    calls[3]!.release();
    expect(await Promise.all(answers)).toEqual(Array.from({ length: 10 }, (_, i) => `answer ${i}`));
    expect(calls.map((c) => c.batch)).toEqual([[0], [1, 2, 3, 4], [5, 6, 7, 8], [9]]);
  });

  it('runs up to maxInFlight calls at once', async () => {
    const { calls, call } = handCall();
    const batcher = new CallBatcher(call, options({ maxInFlight: 2 }));
    const answers = [1, 2, 3, 4, 5].map((n) => batcher.submit(n));
    expect(calls.map((c) => c.batch)).toEqual([[1], [2]]);
    expect(batcher.inFlight).toBe(2);
    calls[1]!.release();
    await settle();
    expect(calls.map((c) => c.batch)).toEqual([[1], [2], [3, 4, 5]]);
    calls[0]!.release();
    calls[2]!.release();
    expect(await Promise.all(answers)).toEqual(['answer 1', 'answer 2', 'answer 3', 'answer 4', 'answer 5']);
  });

  it('a refused batch runs again one by one: only the request the store refuses fails', async () => {
    const batches: number[][] = [];
    const batcher = new CallBatcher(async (batch: readonly number[]) => {
      batches.push([...batch]);
      if (batch.includes(3)) throw new Error('invalid input for 3');
      return batch.map((n) => `answer ${n}`);
    }, options());
    const answers = [1, 2, 3, 4].map((n) => batcher.submit(n).catch((error: Error) => error.message));
    expect(await Promise.all(answers)).toEqual(['answer 1', 'answer 2', 'invalid input for 3', 'answer 4']);
    expect(batches).toEqual([[1], [2, 3, 4], [2], [3], [4]]);
  });

  it('a store that is down fails the whole batch at once, without retries', async () => {
    const { calls, call } = handCall();
    const batcher = new CallBatcher(call, options({ retrySingly: () => false }));
    const answers = [1, 2, 3].map((n) => batcher.submit(n).catch((error: Error) => error.message));
    calls[0]!.release();
    await settle();
    calls[1]!.release(new Error('connection refused'));
    expect(await Promise.all(answers)).toEqual(['answer 1', 'connection refused', 'connection refused']);
    expect(calls).toHaveLength(2);
  });

  it('an answer count that does not match the batch is an error for every request in it', async () => {
    const batcher = new CallBatcher(async () => ['only one'], options({ retrySingly: () => false }));
    const first = batcher.submit(1);
    const rest = [batcher.submit(2), batcher.submit(3)];
    expect(await first).toBe('only one');
    for (const answer of rest) await expect(answer).rejects.toThrow('batch call answered 1 times for 2 requests');
  });

  it('refuses a batch size or concurrency below 1', () => {
    expect(() => new CallBatcher(async () => [], options({ maxBatch: 0 }))).toThrow(RangeError);
    expect(() => new CallBatcher(async () => [], options({ maxInFlight: 0 }))).toThrow(RangeError);
  });
});
