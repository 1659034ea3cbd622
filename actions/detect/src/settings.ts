import { booleanInput, readLoopInputs, type LoopInputs } from '@opsguard/action-kit';

export interface DetectSettings extends LoopInputs {
  /** Open and close issues and send the dispatch; false → detect and report only. */
  readonly apply: boolean;
}

/** Every input read once and validated before any request is made. */
export function readSettings(): DetectSettings {
  return { ...readLoopInputs({ days: 8, outDir: 'docs' }), apply: booleanInput('apply', true) };
}
