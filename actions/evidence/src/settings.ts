import {
  booleanInput,
  choiceInput,
  listInput,
  optionalInput,
  readLoopInputs,
  type LoopInputs,
} from '@opsguard/action-kit';
import { ConfigurationError } from '@opsguard/core';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export interface EvidenceSettings extends LoopInputs {
  readonly upload: boolean;
  readonly artifactName: string;
  /** Commit the bundle to this branch through the Git data API; undefined → do not commit. */
  readonly commitBranch: string | undefined;
  /** An existing bundle (from the detect or kpi step) to publish instead of collecting again. */
  readonly bundlePath: string | undefined;
  /** Copy run artifacts into the bundle (verbatim, not sanitised): none, failed runs' or all. */
  readonly artifacts: 'none' | 'failed' | 'all';
  /** These runs only (instead of the `days` window); undefined → the window. */
  readonly runIds: readonly number[] | undefined;
}

function runIdsInput(): number[] | undefined {
  const items = listInput('run-ids');
  if (items.length === 0) return undefined;
  const bad = items.find((item) => !/^\d+$/.test(item));
  if (bad !== undefined)
    throw new ConfigurationError(`input "run-ids" takes run ids (numbers, comma- or newline-separated), not "${bad}"`);
  return [...new Set(items.map(Number))];
}

const REF_NAME = /^(?!\/|.*\/\/|.*\.\.|.*\.lock$|.*[~^:?*[\\\s])[\w./-]+(?<!\/)$/;

/** Every input read once and validated before any request is made. */
export function readSettings(): EvidenceSettings {
  const commitBranch = optionalInput('commit-branch');
  const bundlePath = optionalInput('bundle-path');
  // Checked before any request: a path without an index is a mistake in the workflow.
  if (bundlePath !== undefined && !existsSync(join(bundlePath, '_evidence_index.md'))) {
    throw new ConfigurationError(
      `no evidence bundle at ${bundlePath}: _evidence_index.md is missing (pass the bundle-path output of the detect or kpi step)`,
    );
  }
  if (commitBranch !== undefined && !REF_NAME.test(commitBranch)) {
    throw new ConfigurationError(`input "commit-branch" is not a valid branch name: "${commitBranch}"`);
  }
  return {
    ...readLoopInputs({ days: 1, outDir: 'docs' }),
    upload: booleanInput('upload', true),
    artifactName: optionalInput('artifact-name') ?? 'opsguard-evidence',
    commitBranch,
    bundlePath,
    artifacts: choiceInput('artifacts', ['none', 'failed', 'all'] as const, 'none'),
    runIds: runIdsInput(),
  };
}
