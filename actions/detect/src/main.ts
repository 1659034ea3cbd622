import { actionLogger, appendSummary, runAction, setOutputs } from '@opsguard/action-kit';
import { readSettings } from './settings.js';

/** Settings → collect, causes, KPIs, detection and the response → anomaly outputs and summary. */
export async function run(): Promise<void> {
  await runAction(async () => {
    const s = readSettings();
    const { auditRepository, auditSetupOf, loopProblems, describeProblem, rollbackConditionsSummary } =
      await import('@opsguard/engine');
    const { anomalyJobSummary, guaranteesSummary, problemsSummary } = await import('@opsguard/evidence');
    const result = await auditRepository({
      ...auditSetupOf(s, (line) => actionLogger.info(line)),
      kind: 'detect',
      apply: s.apply,
      jobs: 'failed',
    });
    setOutputs({
      count: result.anomalies.length,
      critical: result.anomalies.some((a) => a.severity === 'critical'),
      anomalies: JSON.stringify(
        result.anomalies.map(({ rule, subject, value, baseline, severity, message }) => ({
          rule,
          subject,
          value,
          baseline,
          severity,
          message,
        })),
      ),
      dispatched: result.dispatched,
      rollbacks: JSON.stringify(
        result.rollbacks.map((r) => ({
          condition: r.triggered.trigger.condition,
          detail: r.triggered.trigger.detail,
          response: r.triggered.response,
          workflow: r.triggered.workflow ?? null,
          sent: r.sent,
        })),
      ),
      'bundle-path': result.bundle.dir,
    });
    const problems = loopProblems(result).map(describeProblem);
    await appendSummary(
      [
        anomalyJobSummary(result.anomalies),
        rollbackConditionsSummary(result.rollbacks),
        problemsSummary(problems),
        guaranteesSummary(result.guarantees),
      ]
        .filter((section) => section !== '')
        .join('\n\n'),
    );
    if (problems.length > 0) throw new Error(`detection is partial: ${problems.join('; ')}`);
  });
}
