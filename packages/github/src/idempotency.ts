/**
 * Methods whose repetition changes nothing (RFC 9110 §9.2.2): GET, HEAD, OPTIONS, and PUT and
 * DELETE, which set or remove a state (disable a workflow, delete a label) rather than add one.
 * POST and PATCH (create an issue or a comment, re-run, dispatch, cancel) are not.
 */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

/** Whether a request may be re-sent after a 5xx, a 408 or a network failure. */
export function mayResendBlindly(method: string): boolean {
  return IDEMPOTENT.has(method.toUpperCase());
}
