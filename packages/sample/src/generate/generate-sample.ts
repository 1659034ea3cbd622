// The whole sample from one seed and one anchor time: the same inputs give the same bytes.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { SampleManifest, WorkflowList } from '../types.js';
import { createRandom } from './random.js';
import { fullRepository, REPO } from './repository.js';
import { rerunOutcomes } from './rerun-outcomes.js';
import { simulate } from './simulate.js';
import { DAY, HOUR, iso } from './time.js';
import { buildTimeline } from './timeline.js';
import { toWorkflow, WORKFLOW_DEFS } from './workflows.js';

export interface GenerateSampleOptions {
  readonly seed?: number;
  /** The anchor: the sample ends here (ISO-8601 UTC). */
  readonly now?: string;
  /** Whole days of history before the anchor's day. */
  readonly days?: number;
}

export const SAMPLE_DEFAULTS = { seed: 20_261_120, now: '2026-11-20T10:30:00Z', days: 24 } as const;

/** File name (relative to the sample folder, `/`-separated) → exact contents. */
export type SampleFiles = ReadonlyMap<string, string>;

export function generateSample(options: GenerateSampleOptions = {}): { manifest: SampleManifest; files: SampleFiles } {
  const seed = options.seed ?? SAMPLE_DEFAULTS.seed;
  const now = Date.parse(options.now ?? SAMPLE_DEFAULTS.now);
  if (Number.isNaN(now)) throw new RangeError(`now must be an ISO-8601 time, got ${String(options.now)}`);
  const days = options.days ?? SAMPLE_DEFAULTS.days;
  const rng = createRandom(seed);
  const start = Math.floor(now / DAY) * DAY - days * DAY;
  const triggers = buildTimeline(rng, start, days + 1).filter((t) => t.at < now);
  const scenario = {
    // Recent failures nobody has re-run yet, transient and deterministic: the demo's decisions.
    forced: [
      { after: now - 23 * HOUR, workflow: 'deploy', job: 'deploy', kind: 'permission-403' },
      { after: now - 19.5 * HOUR, workflow: 'e2e', job: 'playwright', kind: 'runner-lost' },
      { after: now - 19 * HOUR, workflow: 'ci', job: 'build', kind: 'tsc-error' },
      { after: now - 17 * HOUR, workflow: 'ci', job: 'test', kind: 'jest-failures' },
      { after: now - 4 * HOUR, workflow: 'lint', job: 'eslint', kind: 'eslint-errors' },
      { after: now - 2.5 * HOUR, workflow: 'ci', job: 'test', kind: 'runner-shutdown' },
      { after: now - 2 * HOUR, workflow: 'e2e', job: 'playwright', kind: 'docker-pull-limit' },
    ],
    regression: { workflow: 'ci', since: now - 3 * DAY, factor: 1.8 },
    spikeSince: now - DAY,
    incident: { since: now - 20 * HOUR, until: now - 17 * HOUR, rate: 0.35 },
    untouchedSince: now - 20 * HOUR,
  } as const;
  const sim = simulate({ rng, repo: REPO, start, now, triggers, scenario });
  const firstCreated = sim.attempts[0]?.created_at ?? iso(start);
  const latest = new Map(sim.attempts.map((r) => [r.id, r]));
  const jobCount = Object.values(sim.jobs).reduce(
    (n, byAttempt) => n + Object.values(byAttempt).reduce((m, jobs) => m + jobs.length, 0),
    0,
  );
  const manifest: SampleManifest = {
    generator: 'scripts/generate-sample.ts',
    seed,
    repo: `${REPO.owner}/${REPO.name}`,
    defaultBranch: 'main',
    now: iso(now),
    timeZone: 'Asia/Tokyo',
    start: firstCreated,
    end: iso(now),
    days: Math.round((now - Date.parse(firstCreated)) / DAY),
    counts: {
      runs: latest.size,
      attempts: sim.attempts.length,
      jobs: jobCount,
      logs: sim.logs.size,
      annotations: Object.values(sim.annotations).reduce((n, list) => n + list.length, 0),
      failedRunsAwaitingDecision: [...latest.values()].filter(
        (r) => r.conclusion === 'failure' && r.run_attempt === 1 && Date.parse(r.updated_at) >= now - DAY,
      ).length,
    },
    scenario: {
      durationRegression: { workflow: 'CI', since: iso(scenario.regression.since), factor: scenario.regression.factor },
      failureSpike: { since: iso(scenario.spikeSince), factor: 4 },
      registryOutage: {
        since: iso(scenario.incident.since),
        until: iso(scenario.incident.until),
        rate: scenario.incident.rate,
      },
      noHumanRerunSince: iso(scenario.untouchedSince),
    },
    rerunOutcomes: rerunOutcomes(seed, sim.lastFailures),
  };
  const repository = fullRepository(
    REPO,
    sim.attempts.reduce(
      (max, r) => (r.head_commit && r.head_commit.timestamp > max ? r.head_commit.timestamp : max),
      firstCreated,
    ),
  );
  const workflows: WorkflowList = {
    total_count: WORKFLOW_DEFS.length,
    workflows: WORKFLOW_DEFS.map((def) => toWorkflow(REPO, def, def.createdAt)),
  };
  const files = new Map<string, string>([
    ['sample.json', `${JSON.stringify(manifest, null, 2)}\n`],
    ['repository.json', `${JSON.stringify(repository)}\n`],
    ['workflows.json', `${JSON.stringify(workflows)}\n`],
    ['runs.json', `${JSON.stringify(sim.attempts)}\n`],
    ['jobs.json', `${JSON.stringify(sim.jobs)}\n`],
    ['annotations.json', `${JSON.stringify(sim.annotations)}\n`],
  ]);
  for (const [jobId, text] of [...sim.logs].sort((a, b) => a[0] - b[0])) files.set(`logs/${jobId}.txt`, text);
  return { manifest, files };
}

/** Replaces the sample folder's generated files (stale logs included) with `files`. */
export async function writeSampleFiles(dir: string, files: SampleFiles): Promise<void> {
  await rm(join(dir, 'logs'), { recursive: true, force: true });
  for (const [name, text] of files) {
    const path = join(dir, ...name.split('/'));
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
  }
}
