import { formatRepo } from '@opsguard/github';
import type { BundleResult } from '@opsguard/evidence';
import type { Guarantee } from '@opsguard/core';
import { openAuditRuntime, runLoopOn, type AuditRun, type AuditSetup } from './audit-repository.js';
import { commitBundle } from './commit-bundle.js';
import { existingBundle } from './existing-bundle.js';

export interface PublishOptions {
  /** A bundle another step wrote; undefined → collect and write one now. */
  readonly bundlePath?: string | undefined;
  /** Commit the bundle to this branch (through the guard); undefined → do not commit. */
  readonly commitBranch?: string | undefined;
}

export type CommitResult =
  | { readonly kind: 'none' }
  | { readonly kind: 'committed'; readonly sha: string }
  | { readonly kind: 'refused'; readonly reason: string; readonly message: string }
  | { readonly kind: 'failed'; readonly message: string };

export interface Published {
  readonly bundle: BundleResult;
  readonly run: AuditRun | null;
  readonly commit: CommitResult;
  readonly guarantees: readonly Guarantee[];
}

/**
 * The evidence action's work: the bundle (collected now, or one another step wrote), then the
 * commit to the evidence branch — a mutation like any other, so it passes the guard (kill
 * switch, rate limits, breaker, audit), keyed by the bundle's index digest.
 */
export async function publishEvidence(setup: AuditSetup, options: PublishOptions): Promise<Published> {
  if (options.bundlePath !== undefined && options.commitBranch === undefined) {
    // Publishing another step's bundle as an artifact needs nothing from GitHub or a store.
    return { bundle: await existingBundle(options.bundlePath), run: null, commit: { kind: 'none' }, guarantees: [] };
  }
  const { runtime, killSwitchRules } = await openAuditRuntime(setup);
  try {
    const run = options.bundlePath === undefined ? await runLoopOn(runtime, killSwitchRules, setup) : null;
    const bundle = run?.bundle ?? (await existingBundle(options.bundlePath ?? ''));
    let commit: CommitResult = { kind: 'none' };
    if (options.commitBranch !== undefined) {
      const branch = options.commitBranch;
      const repo = formatRepo(setup.repo);
      const outcome = await runtime.guard.run({
        action: 'commit-evidence',
        service: `github:${repo}:evidence`,
        target: `${repo}:branch:${branch}`,
        idempotencyKey: bundle.indexSha256,
        details: { branch, files: bundle.files.length },
        execute: () =>
          commitBundle({ client: runtime.client, repo: setup.repo, branch, bundle, cwd: setup.cwd, log: setup.log }),
      });
      commit =
        outcome.outcome === 'SUCCESS'
          ? { kind: 'committed', sha: outcome.value.sha }
          : outcome.outcome === 'SKIPPED'
            ? { kind: 'refused', reason: outcome.reason, message: outcome.message }
            : { kind: 'failed', message: outcome.error.message };
    }
    return { bundle, run, commit, guarantees: runtime.guarantees };
  } finally {
    await runtime.close();
  }
}
