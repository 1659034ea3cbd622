import * as core from '@actions/core';

export type OutputValue = string | number | boolean;

export function setOutputs(outputs: Readonly<Record<string, OutputValue>>): void {
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, String(value));
}

/** Markdown appended to the job summary (GITHUB_STEP_SUMMARY); a no-op where there is none. */
export async function appendSummary(markdown: string): Promise<void> {
  if (!process.env['GITHUB_STEP_SUMMARY']) {
    core.info(markdown);
    return;
  }
  await core.summary.addRaw(markdown, true).write();
}

export interface ActionLogger {
  info(message: string): void;
  warn(message: string): void;
  group<T>(title: string, work: () => Promise<T>): Promise<T>;
}

export const actionLogger: ActionLogger = {
  info: (message) => core.info(message),
  warn: (message) => core.warning(message),
  group: (title, work) => core.group(title, work),
};
