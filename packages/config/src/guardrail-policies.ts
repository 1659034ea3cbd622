import { checkGuardrailPolicies, type GuardrailPolicies } from '@opsguard/core';
import defaults from '../../../config/guardrail-policies.json' with { type: 'json' };
import schema from '../../../config/schemas/guardrail-policies.schema.json' with { type: 'json' };
import { ConfigFileError } from './config-error.js';
import { loadConfig, parseConfigOverride, type ConfigSpec } from './load-config.js';

export type { GuardrailPolicies } from '@opsguard/core';

export const guardrailPoliciesSpec: ConfigSpec<GuardrailPolicies> = {
  name: 'guardrail-policies',
  defaults: defaults as GuardrailPolicies,
  schema,
};

/** Schema first, then what a schema cannot say (TTL again, ARNs, ids, overlapping exceptions). */
function checked(policies: GuardrailPolicies, file: string): GuardrailPolicies {
  const problems = checkGuardrailPolicies(policies);
  // Each of these is a value written wrong (a key the schema lacks or misses never gets this far).
  if (problems.length > 0)
    throw new ConfigFileError(
      file,
      problems.map((p) => ({ kind: 'wrong-value' as const, ...p })),
    );
  return policies;
}

/** Parses and validates a policy file's text (merged over the bundled file key by key). */
export function parseGuardrailPolicies(text: string, file: string): GuardrailPolicies {
  return checked(parseConfigOverride(guardrailPoliciesSpec, text, file), file);
}

/** The bundled policies, or the file at `path` merged over them. */
export async function loadGuardrailPolicies(path?: string): Promise<GuardrailPolicies> {
  const file = path === undefined || path === '' ? `config/${guardrailPoliciesSpec.name}.json (bundled)` : path;
  return checked(await loadConfig(guardrailPoliciesSpec, path), file);
}
