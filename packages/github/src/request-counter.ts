import type { Octokit } from '@octokit/core';
import type { RequestCounts } from './client-types.js';

/**
 * Counts every request that leaves for the API, retries included: the plugin sits innermost,
 * under plugin-retry and the rate-limit policy, so each attempt passes through it once.
 * The API-cost benchmarks read these counts.
 */
export class RequestCounter {
  #total = 0;
  readonly #byRoute = new Map<string, number>();

  record(route: string): void {
    this.#total += 1;
    this.#byRoute.set(route, (this.#byRoute.get(route) ?? 0) + 1);
  }

  snapshot(): RequestCounts {
    return { total: this.#total, byRoute: Object.fromEntries(this.#byRoute) };
  }

  reset(): void {
    this.#total = 0;
    this.#byRoute.clear();
  }
}

export function countRequestsPlugin(counter: RequestCounter) {
  return (octokit: Octokit): void => {
    octokit.hook.wrap('request', (request, options) => {
      counter.record(routeKey(options.method, options.url));
      return request(options);
    });
  };
}

/** `GET /repos/{owner}/{repo}/actions/runs`: the template, so pages and ids share one key. */
export function routeKey(method: string, url: string): string {
  // A full URL (someone following a Link header) is reduced to its path.
  const path = url.startsWith('http') ? new URL(url).pathname : (url.split('?')[0] ?? url);
  return `${method.toUpperCase()} ${path}`;
}
