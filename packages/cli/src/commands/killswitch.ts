import { ConfigurationError, resolveTarget } from '@opsguard/core';
import { choiceOption, booleanOption, stringOption } from '../args.js';
import { writeLine, type CliCommand } from '../command.js';

const ACTIONS = ['status', 'activate', 'deactivate'] as const;
const SCOPES = ['global', 'service', 'action'] as const;

export const killswitchCommand: CliCommand = {
  name: 'killswitch',
  summary: 'Stop or resume automation (global, per service/workflow, per action type), or show the state',
  usage: 'opsguard killswitch <status|activate|deactivate> [--scope global|service|action] [--target T] [--reason R]',
  positionals: ['status|activate|deactivate'],
  options: {
    scope: { type: 'string', description: 'global, service or action', default: 'global', valueName: 'scope' },
    target: {
      type: 'string',
      description: 'service/workflow (scope service) or action type (scope action)',
      valueName: 'T',
    },
    reason: { type: 'string', description: 'why (required to activate or deactivate; logged)', valueName: 'R' },
    json: { type: 'boolean', description: 'print the state as JSON' },
  },
  async run(values, positionals, io) {
    const verb = positionals[0];
    if (verb === undefined || !(ACTIONS as readonly string[]).includes(verb)) {
      throw new ConfigurationError(`say what to do: ${ACTIONS.join(', ')}${verb ? ` (not "${verb}")` : ''}`);
    }
    const scope = choiceOption(values, 'scope', SCOPES) ?? 'global';
    const reason = stringOption(values, 'reason') ?? '';
    if (verb !== 'status' && reason.trim() === '') throw new ConfigurationError(`--reason is required to ${verb}`);
    const { openStore, selectStore } = await import('@opsguard/store');
    const { createBrake, killSwitchStatus, setKillSwitch } = await import('@opsguard/guard');
    const target = verb === 'status' ? undefined : resolveTarget(scope, stringOption(values, 'target'));
    const store = await openStore(selectStore(io.env), { cwd: io.cwd });
    // The same reading of the brake as every command and action (OPSGUARD_KILL from the environment).
    const variable = io.env['OPSGUARD_KILL'];
    const brake = createBrake(
      store,
      variable !== undefined && variable.trim() !== '' ? { source: 'environment', read: async () => variable } : null,
    );
    try {
      if (verb !== 'status') {
        const actor = `${io.env['USER'] ?? 'someone'} via opsguard-cli`;
        await setKillSwitch(store, { scope, target, reason, actor, at: io.now() }, verb === 'activate');
        writeLine(
          io.stderr,
          `${verb === 'activate' ? 'activated' : 'deactivated'} the ${scope} kill switch${scope === 'global' ? '' : ` for ${target}`}`,
        );
      }
      const status = await killSwitchStatus(brake);
      if (booleanOption(values, 'json')) {
        writeLine(io.stdout, JSON.stringify({ active: status.active, allStopped: status.allStopped }, null, 2));
      } else if (status.active.length === 0) {
        writeLine(io.stdout, `No kill switch is on (store: ${store.kind}).`);
      } else {
        writeLine(
          io.stdout,
          `${status.allStopped ? 'ALL automation is stopped' : 'Some automation is stopped'} (store: ${store.kind}):`,
        );
        for (const s of status.active)
          writeLine(io.stdout, `  ${s.scope.padEnd(8)}${s.target.padEnd(32)}${s.source.padEnd(10)}${s.reason ?? ''}`);
      }
      return 0;
    } finally {
      await store.close();
    }
  },
};
