import defaults from '../../../config/intake-sources.json' with { type: 'json' };
import schema from '../../../config/schemas/intake-sources.schema.json' with { type: 'json' };
import { loadConfig, type ConfigSpec } from './load-config.js';

export interface IntakeLimits {
  readonly ttlHours?: number;
  readonly toleranceSeconds?: number;
  readonly maxBodyBytes?: number;
  readonly leaseSeconds?: number;
  readonly waitForInFlightMs?: number;
}

export type IntakeActionSpec =
  | { readonly type: 'record' }
  | { readonly type: 'repository_dispatch'; readonly eventType: string; readonly repository?: string };

export interface IntakeSourceSpec {
  readonly description?: string;
  readonly secretEnv: readonly string[];
  readonly styles?: readonly ('standard' | 'github')[];
  readonly limits?: IntakeLimits;
  readonly action: IntakeActionSpec;
}

/** `config/intake-sources.json`: what each intake source may send and what its events do. */
export interface IntakeSources {
  readonly defaults?: IntakeLimits;
  readonly sources: Readonly<Record<string, IntakeSourceSpec>>;
}

export const intakeSourcesSpec: ConfigSpec<IntakeSources> = {
  name: 'intake-sources',
  defaults: defaults as IntakeSources,
  schema,
};

/** The bundled sources, or the file at `path` merged over them (its `sources` replace them whole). */
export function loadIntakeSources(path?: string): Promise<IntakeSources> {
  return loadConfig(intakeSourcesSpec, path);
}
