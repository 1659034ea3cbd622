import { readFile } from 'node:fs/promises';
import { actionLogger, appendSummary, runAction, setOutputs } from '@opsguard/action-kit';
import { ConfigurationError, type RestoreRecord } from '@opsguard/core';
import { readSettings } from './settings.js';

async function recordOf(file: string | undefined): Promise<RestoreRecord | undefined> {
  if (file === undefined) return undefined;
  const value = JSON.parse(await readFile(file, 'utf8')) as Partial<RestoreRecord>;
  if (value.kind !== 'opsguard.aws-restore-record')
    throw new ConfigurationError(`input "record-file": ${file} is not an OpsGuard restore record`);
  return value as RestoreRecord;
}

/** Settings → recovery from the restore record (abort on error, resumable) → outputs and summary. */
export async function run(): Promise<void> {
  await runAction(async () => {
    const s = readSettings();
    const record = await recordOf(s.recordFile);
    const engine = await import('@opsguard/engine');
    const kill = s.killVariable;
    const runtime = await engine.openAwsCostRuntime({
      aws: {
        region: s.aws.region,
        ...(s.aws.endpoint !== undefined && {
          endpoint: s.aws.endpoint,
          credentials: { accessKeyId: 'AKIDSTANDIN', secretAccessKey: 'standin' },
        }),
      },
      store: s.store,
      cwd: process.cwd(),
      outDir: s.outDir,
      actor: s.actor,
      log: (line) => actionLogger.info(line),
      killVariable: kill && { source: kill.from, read: async () => kill.value },
      timeBudgetMs: s.timeBudgetMs,
    });
    try {
      const source = record ? { record } : ('latest' as const);
      const { result } = await engine.runRecovery(runtime.deps, source, {
        evidenceDir: s.outDir,
        ...(s.health === undefined ? {} : { healthCheck: s.health }),
        ...(s.topicArn === undefined ? {} : { topicArn: s.topicArn }),
      });
      setOutputs({ status: result.status, 'failed-at': result.failedAt?.phase ?? '', result: JSON.stringify(result) });
      await appendSummary(engine.recoverySummary(result));
      if (result.status === 'failed')
        throw new Error(
          `recovery stopped at ${result.failedAt?.phase ?? '?'}: run it again to resume from the restore record`,
        );
    } finally {
      await runtime.close();
    }
  });
}
