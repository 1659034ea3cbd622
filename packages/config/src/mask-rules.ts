import { ConfigurationError, compileRuleSpec, type MaskRuleSpec } from '@opsguard/core';
import defaults from '../../../config/mask-rules.json' with { type: 'json' };
import schema from '../../../config/schemas/mask-rules.schema.json' with { type: 'json' };
import { loadConfig, type ConfigSpec } from './load-config.js';
import { catastrophicBacktracking } from './regex-backtracking.js';

/** `config/mask-rules.json`: user secret formats and allowlist for the sanitiser. */
export interface MaskRules {
  readonly minValueLength?: number;
  readonly rules: readonly MaskRuleSpec[];
  readonly allowlist: readonly string[];
}

export const maskRulesSpec: ConfigSpec<MaskRules> = {
  name: 'mask-rules',
  defaults: defaults as MaskRules,
  schema,
};

/** The bundled rules, or the file at `path` merged over them; bad regexes are configuration errors. */
export async function loadMaskRules(path?: string): Promise<MaskRules> {
  const rules = await loadConfig(maskRulesSpec, path);
  const file = path ?? 'config/mask-rules.json (bundled)';
  for (const rule of rules.rules) {
    try {
      compileRuleSpec(rule);
    } catch (error) {
      throw new ConfigurationError(`${file}: ${(error as Error).message}`);
    }
    // Every line of every log meets these: one that backtracks catastrophically would hang the job.
    const why = catastrophicBacktracking(rule.regex, rule.flags ?? '');
    if (why !== undefined) throw new ConfigurationError(`${file}: mask rule "${rule.kind}": ${why}`);
  }
  for (const pattern of rules.allowlist) {
    try {
      new RegExp(pattern);
    } catch {
      throw new ConfigurationError(`${file}: allowlist entry "${pattern}" is not a valid regex`);
    }
    const why = catastrophicBacktracking(pattern, '');
    if (why !== undefined) throw new ConfigurationError(`${file}: allowlist entry "${pattern}": ${why}`);
  }
  return rules;
}
