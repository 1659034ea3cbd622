import { ConfigurationError, type StoreSelection } from '@opsguard/core';
import type { Clock, KillVariableSetting } from '@opsguard/engine';
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
  /** The sample's open store, or what the environment selects for a live repository. */
  readonly store: Store | StoreSelection;
  readonly clock?: Clock;
  readonly random?: () => number;
  readonly paceRequests?: boolean;
  readonly killVariable: KillVariableSetting;
  /** Requests the replay received (sample only). */
  readonly requests: () => readonly { readonly method: string; readonly path: string }[];
  close(): Promise<void>;
}

export async function liveSource(
  repoArg: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<RunSource> {
  const [{ parseRepo }, { selectStore }, { killVariableSetting }] = await Promise.all([
    import('@opsguard/github'),
    import('@opsguard/store'),
    import('@opsguard/engine'),
  ]);
  const repo = parseRepo(repoArg);
  const token = env['GITHUB_TOKEN'] ?? env['GH_TOKEN'];
  if (!token)
    throw new ConfigurationError(
      'set GITHUB_TOKEN (a token with actions: read; actions: write and issues: write to --apply)',
    );
  return {
    label: repoArg,
    repo,
    defaultBranch: null,
    token,
    store: selectStore(env),
    // OPSGUARD_KILL from the environment when set, else read through the API: the same brake as the actions.
    killVariable: killVariableSetting(undefined, env),
    requests: () => [],
    close: async () => undefined,
  };
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
    killVariable: { kind: 'value', value: null, from: 'environment' },
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
