import { appendSummary, runAction, setOutputs } from '@opsguard/action-kit';
import { readSettings } from './settings.js';

/** Reads settings → operates the kill switch through the guard package → outputs and summary. */
export async function run(): Promise<void> {
  await runAction(async () => {
    const settings = readSettings();
    // Loaded only after the inputs are valid: a bad input fails fast without loading the store.
    const { openStore } = await import('@opsguard/store');
    const { createBrake, killSwitchStatus, setKillSwitch } = await import('@opsguard/guard');
    const store = await openStore(settings.store, { cwd: process.cwd() });
    try {
      if (settings.command !== 'status') {
        await setKillSwitch(
          store,
          {
            scope: settings.scope,
            target: settings.target,
            reason: settings.reason,
            actor: `${process.env['GITHUB_ACTOR'] ?? 'unknown'} via ${process.env['GITHUB_WORKFLOW'] ?? 'workflow'}`,
            at: new Date(),
          },
          settings.command === 'activate',
        );
      }
      const variable = settings.killVariable;
      const brake = createBrake(store, variable && { source: variable.from, read: async () => variable.value });
      const status = await killSwitchStatus(brake);
      setOutputs({ active: status.active.length > 0, state: JSON.stringify(status.active) });
      const rows = status.active.map((s) => `| ${s.scope} | ${s.target} | ${s.source} | ${s.reason ?? ''} |`);
      await appendSummary(
        [
          `### OpsGuard kill switch: ${status.active.length === 0 ? 'automation runs' : status.allStopped ? 'ALL automation stopped' : 'partly stopped'}`,
          '',
          ...(rows.length > 0
            ? ['| scope | target | source | reason |', '|---|---|---|---|', ...rows]
            : ['No kill switch is on.']),
          ...(status.variable === null
            ? ['', 'OPSGUARD_KILL is not visible to this step: pass `kill-variable: ${{ vars.OPSGUARD_KILL }}`.']
            : []),
        ].join('\n'),
      );
    } finally {
      await store.close();
    }
  });
}
