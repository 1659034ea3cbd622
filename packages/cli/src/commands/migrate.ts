import { ConfigurationError } from '@opsguard/core';
import { stringOption } from '../args.js';
import { writeLine, type CliCommand } from '../command.js';

/**
 * Applies supabase/migrations to a Postgres server as an administrator, so that OpsGuard can
 * then connect as a role that owns nothing (docs/store-security.md). Prints what was applied
 * and whether the role used could rewrite the audit trail.
 */
export const migrateCommand: CliCommand = {
  name: 'migrate',
  summary: "Apply OpsGuard's schema to a Postgres server as an administrator, and say what the role may do",
  usage: 'opsguard migrate [--database-url URL]',
  options: {
    'database-url': {
      type: 'string',
      description: 'postgres://ADMIN@host/db (default: DATABASE_URL); an owner of the schema or a superuser',
      valueName: 'URL',
    },
  },
  async run(values, _positionals, io) {
    const url = stringOption(values, 'database-url') ?? io.env['DATABASE_URL'];
    if (url === undefined || url.trim() === '') {
      throw new ConfigurationError(
        'give --database-url (or DATABASE_URL): a Postgres connection string for an administrator. ' +
          'Supabase applies these migrations with `supabase db push`; PGlite migrates itself.',
      );
    }
    const { describePosture, migratePostgres } = await import('@opsguard/store');
    const { report, posture } = await migratePostgres(url.trim());
    writeLine(
      io.stdout,
      report.applied.length === 0
        ? `Nothing to apply: all ${report.skipped.length} migration(s) are applied.`
        : `Applied ${report.applied.length} migration(s): ${report.applied.join(', ')} (${report.skipped.length} already applied).`,
    );
    writeLine(io.stdout, describePosture(posture));
    return 0;
  },
};
