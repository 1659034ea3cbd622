import { actionLogger, appendSummary, runAction, setOutputs } from '@opsguard/action-kit';
import { readSettings } from './settings.js';

/** Settings → the shared loop (retries in shadow mode) → anomaly outputs and a job summary. */
export async function run(): Promise<void> {
  await runAction(async () => {
    const s = readSettings();
    const { auditRepository, auditSetupOf } = await import('@opsguard/engine');
    const { anomalyJobSummary } = await import('@opsguard/evidence');
    const result = await auditRepository({
      ...auditSetupOf(s, (line) => actionLogger.info(line)),
      // Detection acts on notifications and dispatches; re-runs stay with the retry action.
      apply: s.apply,
      retry: { shadow: true },
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
      'bundle-path': result.bundle.dir,
    });
    await appendSummary(anomalyJobSummary(result.anomalies));
  });
}
