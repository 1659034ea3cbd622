import { actionLogger, appendSummary, runAction, setOutputs } from '@opsguard/action-kit';
import { join } from 'node:path';
import { readSettings } from './settings.js';

/** Settings → the loop's KPI steps only (collect, causes, KPIs, bundle) → outputs and summary. */
export async function run(): Promise<void> {
  await runAction(async () => {
    const s = readSettings();
    const { auditRepository, auditSetupOf, loopProblems, describeProblem } = await import('@opsguard/engine');
    const { kpiJobSummary, guaranteesSummary, problemsSummary } = await import('@opsguard/evidence');
    const result = await auditRepository({
      ...auditSetupOf(s, (line) => actionLogger.info(line)),
      kind: 'kpi',
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
    const problems = loopProblems(result).map(describeProblem);
    await appendSummary(
      [
        kpiJobSummary(result.kpi, result.daily, dashboard),
        problemsSummary(problems),
        guaranteesSummary(result.guarantees),
      ].join('\n\n'),
    );
    if (problems.length > 0) throw new Error(`the KPI report is partial: ${problems.join('; ')}`);
  });
}
