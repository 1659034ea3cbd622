/** Stops the server global-setup started (the closure lives on globalThis between the two). */
export default function globalTeardown(): void {
  (globalThis as { __opsguardPgStop?: () => void }).__opsguardPgStop?.();
}
