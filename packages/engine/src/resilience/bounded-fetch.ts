import { Agent, EnvHttpProxyAgent, fetch as undiciFetch, type Dispatcher } from 'undici';
import type { Budget } from './budget.js';

/** Per-request limits (the defaults suit GitHub, Supabase and Slack alike). */
export interface RequestTimeouts {
  /** TCP + TLS handshake. */
  readonly connectMs: number;
  /** Until the response headers arrive, and between two chunks of the body. */
  readonly responseMs: number;
}

export const DEFAULT_REQUEST_TIMEOUTS: RequestTimeouts = { connectMs: 10_000, responseMs: 30_000 };

/**
 * The one fetch every adapter is given (GitHub, Supabase, Slack): a connect and a response
 * timeout on every request, and no request may outlive the job's budget. A server that accepts
 * the connection and never answers fails the request after `responseMs` (issue 15), and the
 * same policy as for any other transient error decides what happens next. HTTP(S)_PROXY and
 * NO_PROXY are honoured as @actions/http-client does on a runner.
 */
export function boundedFetch(budget: Budget, timeouts: RequestTimeouts = DEFAULT_REQUEST_TIMEOUTS): typeof fetch {
  let dispatcher: Dispatcher | undefined;
  const options = {
    connect: { timeout: timeouts.connectMs },
    headersTimeout: timeouts.responseMs,
    bodyTimeout: timeouts.responseMs,
  };
  // The proxy-aware agent only where a proxy is configured (undici still flags it experimental).
  const dispatcherOf = (): Dispatcher =>
    (dispatcher ??= usesProxy(process.env) ? new EnvHttpProxyAgent(options) : new Agent(options));
  const bounded = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const overallMs = budget.timeoutMs(timeouts.connectMs + timeouts.responseMs * 4);
    if (overallMs <= 0) throw new DOMException("the job's time budget is spent: request not sent", 'TimeoutError');
    const limit = AbortSignal.timeout(overallMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, limit]) : limit;
    // undici's own fetch with its dispatcher: the global fetch cannot take timeouts per phase.
    const response = await undiciFetch(input as Parameters<typeof undiciFetch>[0], {
      ...(init as Parameters<typeof undiciFetch>[1]),
      signal,
      dispatcher: dispatcherOf(),
    });
    return response as unknown as Response;
  };
  return bounded as typeof fetch;
}

function usesProxy(env: NodeJS.ProcessEnv): boolean {
  return ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'].some((name) => (env[name] ?? '') !== '');
}
