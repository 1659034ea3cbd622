import { formatRepo, type RepoRef } from '@opsguard/github';
import type { Runtime } from './runtime.js';
import type { StepContext } from './steps/index.js';

/** The steps' context from a runtime: the one place the loop's dependencies are wired. */
export function stepContextOf(
  runtime: Runtime,
  repo: RepoRef,
  actor: string,
  log: (line: string) => void,
): StepContext {
  return {
    client: runtime.client,
    repo,
    repoName: formatRepo(repo),
    serverUrl: runtime.client.serverUrl,
    store: runtime.store,
    guard: runtime.guard,
    guardState: runtime.guardState,
    retryLimits: runtime.retryLimits,
    detectionRules: runtime.detectionRules,
    diagnose: runtime.diagnose,
    sanitize: runtime.sanitize,
    now: () => runtime.clock.now(),
    budget: runtime.budget,
    random: runtime.random,
    actor,
    log,
    rollbackRules: runtime.rollbackRules,
  };
}
