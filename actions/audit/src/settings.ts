import { booleanInput, optionalInput, readLoopInputs, type LoopInputs } from '@opsguard/action-kit';

export interface AuditSettings extends LoopInputs {
  /** Path of the user's audit-rules JSON; undefined → the bundled rules. */
  readonly auditRules: string | undefined;
  /** Open a GitHub issue per high/critical ticket. */
  readonly issues: boolean;
}

/** Every input read once and validated before any request is made. */
export function readSettings(): AuditSettings {
  return {
    ...readLoopInputs({ days: 7, outDir: 'docs' }),
    auditRules: optionalInput('audit-rules'),
    issues: booleanInput('issues', false),
  };
}
