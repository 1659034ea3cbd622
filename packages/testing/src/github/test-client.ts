import { createGitHubClient, type GitHubClient, type GitHubClientOptions } from '@opsguard/github';

export interface TestGitHubClient extends GitHubClient {
  /** Every rate-limit wait the client asked for, in ms (none was actually taken). */
  readonly waits: readonly number[];
  /** Warnings it logged. */
  readonly warnings: readonly string[];
}

/**
 * A client for nock-backed tests: no real waiting (retry base 0, no pacing, sleep recorded), a
 * fixed clock, and a fake token. Point nock at `baseUrl` (default https://api.github.com).
 */
export async function createTestGitHubClient(overrides: Partial<GitHubClientOptions> = {}): Promise<TestGitHubClient> {
  const waits: number[] = [];
  const warnings: string[] = [];
  const client = await createGitHubClient({
    token: 'test-token',
    baseUrl: 'https://api.github.com',
    retryBaseMs: 0,
    paceRequests: false,
    now: () => Date.parse('2026-11-02T03:00:00Z'),
    sleep: async (ms) => {
      waits.push(ms);
    },
    logger: { debug: () => undefined, warn: (message) => warnings.push(message) },
    ...overrides,
  });
  return Object.assign(client, { waits, warnings });
}
