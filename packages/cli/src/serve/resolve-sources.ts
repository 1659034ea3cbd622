import type { IntakeSource } from '@opsguard/api';
import type { IntakeSources } from '@opsguard/config';
import { ConfigurationError } from '@opsguard/core';

const HOUR_MS = 3_600_000;

export interface ResolvedSources {
  readonly sources: readonly IntakeSource[];
  /** Sources with none of their secret variables set: not served (404). */
  readonly disabled: readonly string[];
}

/** config/intake-sources.json with its secrets read from the environment and limits in ms. */
export function resolveIntakeSources(
  config: IntakeSources,
  env: Readonly<Record<string, string | undefined>>,
  defaultRepository: string | undefined,
): ResolvedSources {
  const sources: IntakeSource[] = [];
  const disabled: string[] = [];
  for (const [name, spec] of Object.entries(config.sources)) {
    const secrets = spec.secretEnv.map((variable) => env[variable]?.trim() ?? '').filter((s) => s !== '');
    if (secrets.length === 0) {
      disabled.push(name);
      continue;
    }
    const limits = { ...config.defaults, ...spec.limits };
    const action = spec.action;
    let resolved: IntakeSource['action'];
    if (action.type === 'record') {
      resolved = action;
    } else {
      const repository = action.repository ?? defaultRepository;
      if (!repository) {
        throw new ConfigurationError(
          `intake source "${name}" dispatches to GitHub: give it a "repository", or pass --repo OWNER/NAME`,
        );
      }
      resolved = { type: 'repository_dispatch', eventType: action.eventType, repository };
    }
    sources.push({
      name,
      secrets,
      styles: spec.styles ?? ['standard', 'github'],
      ttlMs: (limits.ttlHours ?? 24) * HOUR_MS,
      toleranceMs: (limits.toleranceSeconds ?? 300) * 1000,
      maxBodyBytes: limits.maxBodyBytes ?? 65_536,
      leaseMs: (limits.leaseSeconds ?? 300) * 1000,
      waitForInFlightMs: limits.waitForInFlightMs ?? 5000,
      action: resolved,
    });
  }
  return { sources, disabled };
}
