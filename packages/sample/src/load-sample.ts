// Reads a sample folder once into typed memory: runs get their repository back (runs.json
// leaves it out, it is the same object every time), logs are read from logs/<job id>.txt.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { minimalRepository } from './generate/repository.js';
import type {
  AnnotationsByCheckRun,
  FullRepository,
  JobsByRun,
  Sample,
  SampleManifest,
  StoredWorkflowRun,
  WorkflowList,
  WorkflowRun,
} from './types.js';

async function readJson<T>(dir: string, name: string): Promise<T> {
  return JSON.parse(await readFile(join(dir, name), 'utf8')) as T;
}

/** The minimal-repository view GitHub embeds in a run, cut from the full repository. */
function embeddedRepository(full: FullRepository): WorkflowRun['repository'] {
  const [owner = '', name = ''] = full.full_name.split('/');
  const minimal = minimalRepository({ owner, name, id: Number(full.id), ownerId: Number(full.owner.id) });
  return { ...minimal, private: full.private, description: full.description };
}

export async function loadSample(sampleDir: string): Promise<Sample> {
  const [manifest, repository, workflows, stored, jobs, annotations] = await Promise.all([
    readJson<SampleManifest>(sampleDir, 'sample.json'),
    readJson<FullRepository>(sampleDir, 'repository.json'),
    readJson<WorkflowList>(sampleDir, 'workflows.json'),
    readJson<StoredWorkflowRun[]>(sampleDir, 'runs.json'),
    readJson<JobsByRun>(sampleDir, 'jobs.json'),
    readJson<AnnotationsByCheckRun>(sampleDir, 'annotations.json'),
  ]);
  const embedded = embeddedRepository(repository);
  const runs: WorkflowRun[] = stored.map((run) => ({ ...run, repository: embedded, head_repository: embedded }));
  const names = existsSync(join(sampleDir, 'logs')) ? await readdir(join(sampleDir, 'logs')) : [];
  const texts = await Promise.all(
    names
      .filter((n) => n.endsWith('.txt'))
      .map(async (n) => [Number(n.slice(0, -4)), await readFile(join(sampleDir, 'logs', n), 'utf8')] as const),
  );
  const logs = new Map(texts.sort((a, b) => a[0] - b[0]));
  return { manifest, repository, workflows: workflows.workflows, runs, jobs, annotations, logs };
}

/**
 * `examples/sample` of this repository: found by walking up from this module, so it works from
 * the source tree (tsx, jest) and from any working directory.
 */
export function defaultSampleDir(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = resolve(from);
  for (;;) {
    const candidate = join(dir, 'examples', 'sample');
    if (existsSync(join(candidate, 'sample.json')) || existsSync(join(dir, 'examples', 'consumer'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`examples/sample not found above ${from}`);
    dir = parent;
  }
}
