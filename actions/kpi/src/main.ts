import { actionLogger, appendSummary, runAction, setOutputs } from '@opsguard/action-kit';
import { join } from 'node:path';
import { readSettings } from './settings.js';

/** Settings → the shared loop in read-only mode → KPI outputs and a job summary with trends. */
export async function run(): Promise<void> {
  await runAction(async () => {
    const s = readSettings();
    const { auditRepository, auditSetupOf } = await import('@opsguard/engine');
    const { kpiJobSummary } = await import('@opsguard/evidence');
    const result = await auditRepository({
      ...auditSetupOf(s, (line) => actionLogger.info(line)),
      apply: false,
      jobs: s.jobs,
    });
    const week = result.kpi.windows.find((w) => w.days === 7)?.overall;
    const dashboard = join(result.bundle.dir, 'dashboard.html');
    setOutputs({
      'success-rate': week?.successRateByRun ?? '',
      'p95-duration-ms': week?.durationMs.p95 ?? '',
      'mttr-ms': week?.mttrMs ?? '',
      dashboard,
      'bundle-path': result.bundle.dir,
    });
    await appendSummary(kpiJobSummary(result.kpi, result.daily, dashboard));
  });
}
