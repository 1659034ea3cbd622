import { ConfigurationError } from '@opsguard/core';
import type { Clock } from '@opsguard/engine';
import type { RepoRef } from '@opsguard/github';
import type { Store } from '@opsguard/store';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';

/** Where runs come from: a live repository, or the bundled sample replayed on 127.0.0.1. */
export interface RunSource {
  readonly label: string;
  readonly repo: RepoRef;
  readonly defaultBranch: string | null;
  readonly token: string;
  readonly apiUrl?: string;
  readonly store?: Store;
  readonly clock?: Clock;
  readonly random?: () => number;
  readonly paceRequests?: boolean;
  readonly killVariable?: string | null;
  /** Requests the replay received (sample only). */
  readonly requests: () => readonly { readonly method: string; readonly path: string }[];
  close(): Promise<void>;
}

export async function liveSource(
  repoArg: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<RunSource> {
  const { parseRepo } = await import('@opsguard/github');
  const repo = parseRepo(repoArg);
  const token = env['GITHUB_TOKEN'] ?? env['GH_TOKEN'];
  if (!token)
    throw new ConfigurationError(
      'set GITHUB_TOKEN (a token with actions: read; actions: write and issues: write to --apply)',
    );
  return { label: repoArg, repo, defaultBranch: null, token, requests: () => [], close: async () => undefined };
}

/**
 * The bundled sample behind a local replay of the GitHub REST API, so the real Octokit path runs;
 * a virtual clock set to the sample's recording time (backoffs cost nothing) and a fresh
 * embedded PGlite under `stateDir`.
 */
export async function sampleSource(stateDir: string): Promise<RunSource> {
  const { defaultSampleDir, loadSample, startReplayServer } = await import('@opsguard/sample');
  const { virtualClock, seededRandom } = await import('@opsguard/engine');
  const { openPgliteStore } = await import('@opsguard/store');
  const sample = await loadSample(defaultSampleDir());
  const clock = virtualClock(new Date(sample.manifest.end));
  // A fresh state each time keeps the demo repeatable: a second run would otherwise find every
  // failed run already handled by the first. Opened before the server, so a state directory
  // that cannot be made leaves nothing listening.
  await rm(stateDir, { recursive: true, force: true });
  const store = await openPgliteStore({ dataDir: stateDir });
  let server: Awaited<ReturnType<typeof startReplayServer>>;
  try {
    server = await startReplayServer({ sample, host: '127.0.0.1', port: 0, now: () => clock.now() });
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
  const [owner = '', name = ''] = sample.repository.full_name.split('/');
  return {
    label: `${sample.repository.full_name} (bundled sample: ${sample.manifest.counts.runs} runs, ${sample.manifest.counts.attempts} attempts over ${sample.manifest.days} days, replayed on ${server.url})`,
    repo: { owner, repo: name },
    defaultBranch: sample.repository.default_branch,
    token: 'demo-token-for-the-local-replay',
    apiUrl: server.url,
    store,
    clock,
    random: seededRandom(20261123),
    paceRequests: false,
    killVariable: null,
    requests: () => server.requests(),
    // The store too: a loop that failed before closing it must not leave it open. Closing it
    // again after the loop did is harmless.
    close: async () => {
      await server.close();
      await store.close().catch(() => undefined);
    },
  };
}

export const sampleStateDir = (outDir: string) => join(outDir, 'state');
