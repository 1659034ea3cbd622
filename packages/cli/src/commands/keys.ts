import { ConfigurationError } from '@opsguard/core';
import { booleanOption, choiceOption, requiredString } from '../args.js';
import { writeLine, type CliCommand } from '../command.js';

const VERBS = ['create', 'list', 'revoke'] as const;

export const keysCommand: CliCommand = {
  name: 'keys',
  summary: 'Create, list or revoke API keys of `opsguard serve` (only a hash is stored; a key is shown once)',
  usage: 'opsguard keys <create --name N --role reader|writer | list [--json] | revoke ID>',
  positionals: ['create|list|revoke', 'ID'],
  options: {
    name: { type: 'string', description: 'what the key is for (create)', valueName: 'N' },
    role: {
      type: 'string',
      description: 'reader (GET routes) or writer (also POST /api/v1/cleanup)',
      default: 'reader',
      valueName: 'reader|writer',
    },
    json: { type: 'boolean', description: 'print JSON' },
  },
  async run(values, positionals, io) {
    const verb = positionals[0];
    if (verb === undefined || !(VERBS as readonly string[]).includes(verb)) {
      throw new ConfigurationError(`say what to do: ${VERBS.join(', ')}${verb ? ` (not "${verb}")` : ''}`);
    }
    const role = choiceOption(values, 'role', ['reader', 'writer'] as const) ?? 'reader';
    const name = verb === 'create' ? requiredString(values, 'name') : '';
    const id = verb === 'revoke' ? positionals[1] : undefined;
    if (verb === 'revoke' && !id) throw new ConfigurationError('say which key to revoke: opsguard keys revoke ID');
    const [{ apiCapabilitiesOf, openStore, selectStore }, { createApiKey }] = await Promise.all([
      import('@opsguard/store'),
      import('@opsguard/api'),
    ]);
    const store = await openStore(selectStore(io.env), { cwd: io.cwd });
    try {
      const keys = apiCapabilitiesOf(store).keys;
      if (verb === 'create') {
        const created = await createApiKey(keys, {
          name,
          role,
          createdBy: `${io.env['USER'] ?? 'someone'} via opsguard-cli`,
          now: io.now(),
        });
        if (booleanOption(values, 'json'))
          writeLine(io.stdout, JSON.stringify({ ...created.record, key: created.key }, null, 2));
        else writeLine(io.stdout, created.key);
        writeLine(io.stderr, `created ${role} key ${created.record.id} ("${name}"); it is shown only this once`);
        return 0;
      }
      if (verb === 'revoke') {
        const revoked = await keys.revokeApiKey(id ?? '', io.now());
        writeLine(io.stderr, revoked ? `revoked ${id}` : `no active key ${id}`);
        return revoked ? 0 : 1;
      }
      const list = await keys.listApiKeys();
      if (booleanOption(values, 'json')) {
        writeLine(io.stdout, JSON.stringify(list, null, 2));
      } else if (list.length === 0) {
        writeLine(io.stdout, `No API keys (store: ${store.kind}).`);
      } else {
        for (const k of list) {
          writeLine(
            io.stdout,
            `${k.id}  ${k.role.padEnd(6)}  ${k.revokedAt ? `revoked ${k.revokedAt}` : 'active'.padEnd(32)}  ${k.name}`,
          );
        }
      }
      return 0;
    } finally {
      await store.close();
    }
  },
};
