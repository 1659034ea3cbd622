import { readFileSync } from 'node:fs';
import { compileRetryPolicy, type CompiledRetryPolicy, type RetryPolicy } from '../../src/index.js';

/** The bundled policy: core's tests run the real rules users get. */
export function bundledPolicy(): RetryPolicy {
  return JSON.parse(
    readFileSync(new URL('../../../../config/retry-policy.json', import.meta.url), 'utf8'),
  ) as RetryPolicy;
}

export function bundled(): CompiledRetryPolicy {
  return compileRetryPolicy(bundledPolicy());
}
