import { toError } from '@opsguard/core';
import {
  ArtifactDownloadError,
  artifactFileName,
  downloadArtifact,
  listRunArtifacts,
  type GitHubRequester,
  type RepoRef,
  type WorkflowRun,
} from '@opsguard/github';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Which runs' artifacts go into the bundle: none (default), failed runs only, or every run. */
export type ArtifactsSetting = 'none' | 'failed' | 'all';

export const DEFAULT_MAX_ARTIFACT_BYTES = 200 * 1024 * 1024;
export const DEFAULT_MAX_BUNDLE_ARTIFACT_BYTES = 1024 * 1024 * 1024;

export interface ArtifactCaps {
  /** Larger artifacts are skipped. Default 200 MiB. */
  readonly perArtifact?: number;
  /** Artifacts that would take the bundle's artifacts past this are skipped. Default 1 GiB. */
  readonly perBundle?: number;
}

export interface CollectArtifactsOptions {
  /** The bundle folder: files go to `artifacts/<run_id>/<safe name>.zip` under it. */
  readonly dir: string;
  readonly runs: readonly Pick<WorkflowRun, 'id' | 'conclusion'>[];
  readonly mode: ArtifactsSetting;
  readonly caps?: ArtifactCaps;
  readonly log: (line: string) => void;
}

export interface CollectedArtifact {
  readonly runId: number;
  readonly name: string;
  /** Inside the bundle, `/`-separated. */
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
  readonly verified: boolean;
}

export interface SkippedArtifact {
  readonly runId: number;
  readonly name: string;
  readonly reason: 'expired' | 'too_large' | 'bundle_cap' | 'digest_mismatch' | 'error';
}

export interface ArtifactsCollected {
  readonly downloaded: readonly CollectedArtifact[];
  readonly skipped: readonly SkippedArtifact[];
  readonly bytes: number;
}

const FAILED = new Set(['failure', 'timed_out', 'startup_failure']);

/**
 * Copies the runs' artifacts, verbatim, into the bundle folder (before its index is written, so
 * the index lists each zip with its size and SHA-256). Artifact contents are NOT sanitised: they
 * are collected only when asked. Expired artifacts and those over a cap are skipped with a log
 * line; an artifact that fails (digest mismatch, storage error) is logged and skipped; only a
 * failure to list a run's artifacts is logged per run. Never leaves a partial file.
 */
export async function collectArtifacts(
  client: GitHubRequester,
  repo: RepoRef,
  options: CollectArtifactsOptions,
): Promise<ArtifactsCollected> {
  const downloaded: CollectedArtifact[] = [];
  const skipped: SkippedArtifact[] = [];
  let bytes = 0;
  if (options.mode === 'none') return { downloaded, skipped, bytes };
  const perArtifact = cap('perArtifact', options.caps?.perArtifact ?? DEFAULT_MAX_ARTIFACT_BYTES);
  const perBundle = cap('perBundle', options.caps?.perBundle ?? DEFAULT_MAX_BUNDLE_ARTIFACT_BYTES);
  const runs = options.runs.filter((r) => options.mode === 'all' || FAILED.has(r.conclusion ?? ''));
  options.log(`artifacts: listing those of ${runs.length} ${options.mode === 'all' ? 'run(s)' : 'failed run(s)'}`);
  for (const run of runs) {
    const runId = Number(run.id);
    let artifacts;
    try {
      artifacts = await listRunArtifacts(client, repo, run.id);
    } catch (error) {
      options.log(`artifacts: run ${runId}: could not list artifacts: ${toError(error).message}`);
      continue;
    }
    const used = new Set<string>();
    for (const artifact of artifacts) {
      const skip = (reason: SkippedArtifact['reason'], why: string) => {
        skipped.push({ runId, name: artifact.name, reason });
        options.log(`artifacts: run ${runId}: skipped ${JSON.stringify(artifact.name)}: ${why}`);
      };
      if (artifact.expired) {
        skip('expired', 'expired (past its retention period)');
        continue;
      }
      if (artifact.size_in_bytes > perArtifact) {
        skip('too_large', `${artifact.size_in_bytes} bytes is over the ${perArtifact}-byte cap per artifact`);
        continue;
      }
      if (bytes + artifact.size_in_bytes > perBundle) {
        skip('bundle_cap', `${artifact.size_in_bytes} bytes would pass the ${perBundle}-byte cap per bundle`);
        continue;
      }
      let file = artifactFileName(artifact.name);
      // Two names can sanitise alike ("a/b", "a_b"): the artifact id keeps them apart.
      if (used.has(file)) file = file.replace(/\.zip$/, `-${String(artifact.id)}.zip`);
      used.add(file);
      const folder = join(options.dir, 'artifacts', String(runId));
      try {
        await mkdir(folder, { recursive: true });
        const got = await downloadArtifact(client, repo, artifact, join(folder, file), {
          // size_in_bytes is GitHub's word; the stream is held to the caps whatever it says.
          maxBytes: Math.min(perArtifact, perBundle - bytes),
        });
        bytes += got.bytes;
        const path = `artifacts/${runId}/${file}`;
        downloaded.push({
          runId,
          name: artifact.name,
          path,
          bytes: got.bytes,
          sha256: got.sha256,
          verified: got.verified,
        });
        options.log(
          `artifacts: run ${runId}: ${path} (${got.bytes} bytes, sha256 ${got.sha256}${got.verified ? ', matches GitHub digest' : ', no digest from GitHub'})`,
        );
      } catch (error) {
        if (error instanceof ArtifactDownloadError) skip(error.reason, error.message);
        else skip('error', toError(error).message);
      }
    }
  }
  options.log(`artifacts: ${downloaded.length} downloaded (${bytes} bytes), ${skipped.length} skipped`);
  return { downloaded, skipped, bytes };
}

function cap(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a whole number ≥ 1, got ${value}`);
  return value;
}
