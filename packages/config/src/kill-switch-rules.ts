import type { KillSwitchRules } from '@opsguard/core';
import defaults from '../../../config/kill-switch-rules.json' with { type: 'json' };
import schema from '../../../config/schemas/kill-switch-rules.schema.json' with { type: 'json' };
import { loadConfig, type ConfigSpec } from './load-config.js';

export const killSwitchRulesSpec: ConfigSpec<KillSwitchRules> = {
  name: 'kill-switch-rules',
  defaults: defaults as KillSwitchRules,
  schema,
};

export function loadKillSwitchRules(path?: string): Promise<KillSwitchRules> {
  return loadConfig(killSwitchRulesSpec, path);
}
