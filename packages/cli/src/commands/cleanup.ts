import { ConfigurationError } from '@opsguard/core';
import { booleanOption, integerOption } from '../args.js';
import { writeLine, type CliCommand } from '../command.js';

export const cleanupCommand: CliCommand = {
  name: 'cleanup',
  summary: 'Delete expired idempotency keys and idle, full token buckets from the store (counted)',
  usage: 'opsguard cleanup [--bucket-idle-minutes N] [--json]',
  options: {
    'bucket-idle-minutes': {
      type: 'string',
      description: 'delete a full bucket untouched this long',
      default: '60',
      valueName: 'N',
    },
    json: { type: 'boolean', description: 'print the counts as JSON' },
  },
  async run(values, positionals, io) {
    if (positionals.length > 0) throw new ConfigurationError(`cleanup takes no arguments ("${positionals[0]}")`);
    const idleMinutes = integerOption(values, 'bucket-idle-minutes', { min: 0, max: 525_600 }) ?? 60;
    const { apiCapabilitiesOf, openStore, selectStore } = await import('@opsguard/store');
    const store = await openStore(selectStore(io.env), { cwd: io.cwd });
    try {
      const counts = await apiCapabilitiesOf(store).intake.cleanupExpired(io.now(), idleMinutes * 60_000);
      if (booleanOption(values, 'json')) {
        writeLine(io.stdout, JSON.stringify(counts));
      } else {
        writeLine(
          io.stdout,
          `deleted ${counts.intakeKeys} expired intake keys, ${counts.otherKeys} other expired idempotency keys and ${counts.tokenBuckets} idle token buckets (store: ${store.kind})`,
        );
      }
      return 0;
    } finally {
      await store.close();
    }
  },
};
