import type { Store } from '@opsguard/store';

/** `store`, except that its first `failures` notification inserts fail as a store that is down. */
export function flakyNotifications(store: Store, failures: number): Store {
  let left = failures;
  return new Proxy(store, {
    get(target, property) {
      if (property === 'insertNotification') {
        return async (...args: Parameters<Store['insertNotification']>) => {
          if (left-- > 0) throw new Error('store unavailable (pglite): connection lost');
          return target.insertNotification(...args);
        };
      }
      const value: unknown = Reflect.get(target, property);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
