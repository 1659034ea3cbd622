import type { Guard } from './guard.js';

/**
 * The guard as the brake uses it: every call marked `brake` (see GuardedCall.brake). For the
 * kill switch's own stops, its undoing of them and its notifications, which take a Guard.
 */
export function brakeGuard(guard: Guard): Guard {
  return { policy: guard.policy, run: (call) => guard.run({ ...call, brake: true }) };
}
