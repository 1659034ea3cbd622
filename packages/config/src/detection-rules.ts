import type { DetectionRules } from '@opsguard/core';
import defaults from '../../../config/detection-rules.json' with { type: 'json' };
import schema from '../../../config/schemas/detection-rules.schema.json' with { type: 'json' };
import { loadConfig, type ConfigSpec } from './load-config.js';

export const detectionRulesSpec: ConfigSpec<DetectionRules> = {
  name: 'detection-rules',
  defaults: defaults as DetectionRules,
  schema,
};

export function loadDetectionRules(path?: string): Promise<DetectionRules> {
  return loadConfig(detectionRulesSpec, path);
}
