import type { RollbackRules } from '@opsguard/core';
import defaults from '../../../config/rollback-rules.json' with { type: 'json' };
import schema from '../../../config/schemas/rollback-rules.schema.json' with { type: 'json' };
import { loadConfig, type ConfigSpec } from './load-config.js';

export const rollbackRulesSpec: ConfigSpec<RollbackRules> = {
  name: 'rollback-rules',
  defaults: defaults as RollbackRules,
  schema,
};

export function loadRollbackRules(path?: string): Promise<RollbackRules> {
  return loadConfig(rollbackRulesSpec, path);
}
