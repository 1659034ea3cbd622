import { logInfo, logWarning, writeOutput } from './workflow-commands.js';

export type OutputValue = string | number | boolean;

export function setOutputs(outputs: Readonly<Record<string, OutputValue>>): void {
  for (const [name, value] of Object.entries(outputs)) writeOutput(name, String(value));
}

/** Markdown appended to the job summary (GITHUB_STEP_SUMMARY); a no-op where there is none. */
export async function appendSummary(markdown: string): Promise<void> {
  if (!process.env['GITHUB_STEP_SUMMARY']) {
    logInfo(markdown);
    return;
  }
  const { summary } = await import('@actions/core');
  await summary.addRaw(markdown, true).write();
}

export interface ActionLogger {
  info(message: string): void;
  warn(message: string): void;
  group<T>(title: string, work: () => Promise<T>): Promise<T>;
}

export const actionLogger: ActionLogger = {
  info: logInfo,
  warn: logWarning,
  group: async (title, work) => {
    logInfo(`::group::${title}`);
    try {
      return await work();
    } finally {
      logInfo('::endgroup::');
    }
  },
};
