import type { AuditRules } from '@opsguard/core';
import defaults from '../../../config/audit-rules.json' with { type: 'json' };
import schema from '../../../config/schemas/audit-rules.schema.json' with { type: 'json' };
import { ConfigFileError } from './config-error.js';
import { loadConfig, type ConfigSpec } from './load-config.js';

export const auditRulesSpec: ConfigSpec<AuditRules> = {
  name: 'audit-rules',
  defaults: defaults as AuditRules,
  schema,
};

/** The bundled audit rules, or the file at `path` over them; a rule id used twice is an error too. */
export async function loadAuditRules(path?: string): Promise<AuditRules> {
  const rules = await loadConfig(auditRulesSpec, path);
  const seen = new Map<string, number>();
  rules.rules.forEach((rule, i) => {
    const earlier = seen.get(rule.id);
    if (earlier !== undefined) {
      throw new ConfigFileError(path ?? `config/${auditRulesSpec.name}.json (bundled)`, [
        {
          kind: 'wrong-value',
          path: `/rules/${i}/id`,
          expected: `an id not used before (rule ${earlier} has it)`,
          found: JSON.stringify(rule.id),
        },
      ]);
    }
    seen.set(rule.id, i);
  });
  return rules;
}
