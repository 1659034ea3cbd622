import { randomBytes } from 'node:crypto';
import { StoreUnavailableError, type MetricPoint, type Store } from '@opsguard/store';
import {
  createBrake,
  createGuard,
  DEFAULT_GUARD_POLICY,
  type Guard,
  type GuardDeps,
  type GuardedCall,
  type GuardPolicy,
} from '../../src/index.js';

/** Unique per call: tests sharing one store keep apart by service, action and target names. */
export function uid(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/** A clock the test moves; it only goes forward, as token buckets assume. */
export class TestClock {
  constructor(private ms = Date.parse('2026-11-23T09:00:00.000Z')) {}
  now = (): Date => new Date(this.ms);
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** Policy limits so high that only the gate a test is about can refuse. */
export const ROOMY: GuardPolicy = {
  ...DEFAULT_GUARD_POLICY,
  rateLimits: { globalPerMinute: 100_000, servicePerMinute: 100_000, actionPerMinute: 100_000 },
};

export interface Harness {
  readonly guard: Guard;
  readonly clock: TestClock;
  /** Every sleep the guard asked for, in ms (nothing really waits). */
  readonly sleeps: number[];
  readonly metrics: MetricPoint[];
  readonly warnings: string[];
}

export function harness(store: Store, clock: TestClock, overrides: Partial<GuardDeps> = {}): Harness {
  const sleeps: number[] = [];
  const metrics: MetricPoint[] = [];
  const warnings: string[] = [];
  const recording: Store = new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'incrementMetric') {
        return async (point: MetricPoint) => {
          metrics.push(point);
          await target.incrementMetric(point);
        };
      }
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  const guard = createGuard({
    store: recording,
    policy: DEFAULT_GUARD_POLICY,
    now: clock.now,
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    actor: 'opsguard-test',
    brake: createBrake(recording, null),
    logger: { info: () => undefined, warn: (message) => warnings.push(message) },
    ...overrides,
  });
  return { guard, clock, sleeps, metrics, warnings };
}

/** A call whose work is counted; `work` decides what each attempt does. */
export function aCall<T = string>(
  overrides: Partial<GuardedCall<T>> & { work?: (attempt: number) => Promise<T> } = {},
): GuardedCall<T> & { readonly executions: () => number } {
  let executions = 0;
  const { work, ...rest } = overrides;
  return {
    action: 'rerun-failed-jobs',
    service: 'github:acme/web:CI',
    target: 'acme/web#1001',
    idempotencyKey: uid('key'),
    async execute() {
      executions += 1;
      return work ? work(executions) : ('done' as T);
    },
    executions: () => executions,
    ...rest,
  };
}

/** A transient failure as the default classifier sees it. */
export function transientError(message = 'HTTP 502 from GitHub'): Error {
  return Object.assign(new Error(message), { transient: true });
}

/**
 * `store` with some methods failing as an unreachable store fails; `'*'` fails every method.
 */
export function failing(store: Store, methods: readonly (keyof Store | '*')[]): Store {
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      if (methods.includes('*') || methods.includes(prop as keyof Store)) {
        return async () => {
          throw new StoreUnavailableError(`store unavailable (${String(prop)}): connect ECONNREFUSED 127.0.0.1:5432`);
        };
      }
      return value.bind(target);
    },
  });
}
