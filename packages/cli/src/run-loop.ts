import type { AuditSetup } from '@opsguard/engine';
import type { CliIo } from './command.js';
import { writeLine } from './command.js';
import { printAudit } from './report/print-audit.js';

export type LoopSetup = Omit<AuditSetup, 'env' | 'cwd' | 'log' | 'slackWebhook'> & { readonly json: boolean };

/** Runs the loop with the CLI's environment and prints what it did (or JSON with --json). */
export async function runLoop(setup: LoopSetup, io: CliIo): Promise<number> {
  const { auditRepository, describeProblem, loopProblems } = await import('@opsguard/engine');
  const { json, ...rest } = setup;
  const result = await auditRepository({
    ...rest,
    env: io.env,
    cwd: io.cwd,
    slackWebhook: io.env['SLACK_WEBHOOK_URL'],
    log: (line) => writeLine(io.stderr, line),
  });
  if (json) {
    const decisions = result.decisions.map(({ logs: _logs, ...d }) => d);
    writeLine(
      io.stdout,
      JSON.stringify(
        {
          bundle: result.bundle,
          kpi: result.kpi,
          anomalies: result.anomalies,
          decisions,
          left: result.left,
          gaps: result.gaps,
          requests: result.requests,
        },
        null,
        2,
      ),
    );
  } else {
    printAudit(result, io.cwd, (line) => writeLine(io.stdout, line));
  }
  // Exit codes say the truth: a gap, or a change asked for (--apply) that was refused or failed.
  const problems = loopProblems(result);
  for (const p of problems) writeLine(io.stderr, `problem: ${describeProblem(p)}`);
  return problems.length > 0 ? 1 : 0;
}
