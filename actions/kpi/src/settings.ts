import { choiceInput, readLoopInputs, type LoopInputs } from '@opsguard/action-kit';

export interface KpiSettings extends LoopInputs {
  readonly jobs: 'failed' | 'all';
}

/** Every input read once and validated before any request is made. */
export function readSettings(): KpiSettings {
  return { ...readLoopInputs({ days: 30, outDir: 'docs' }), jobs: choiceInput('jobs', ['failed', 'all'], 'failed') };
}
