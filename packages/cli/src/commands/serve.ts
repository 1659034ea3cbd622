import { ConfigurationError } from '@opsguard/core';
import { booleanOption, integerOption, stringOption } from '../args.js';
import { writeLine, type CliCommand } from '../command.js';
import { resolveIntakeSources } from '../serve/resolve-sources.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Resolves on the first of the signals; the process keeps running until then. */
function nextSignal(signals: readonly NodeJS.Signals[]): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const handlers = signals.map((signal) => {
      const handler = () => {
        for (const [s, h] of handlers) process.off(s, h);
        resolve(signal);
      };
      process.on(signal, handler);
      return [signal, handler] as const;
    });
  });
}

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'Serve the metrics API and the signed intake over HTTP (127.0.0.1 unless --host)',
  usage: 'opsguard serve [--port N] [--host H] [--repo OWNER/NAME] [--sources FILE] [--rate-limit N] [--dry-run]',
  options: {
    port: { type: 'string', description: 'TCP port (0: any free port)', default: '8787', valueName: 'N' },
    host: {
      type: 'string',
      description: 'address to bind; 0.0.0.0 exposes it beyond this machine',
      default: '127.0.0.1',
      valueName: 'H',
    },
    repo: {
      type: 'string',
      description: 'where intake dispatches go when a source names none (default GITHUB_REPOSITORY)',
      valueName: 'OWNER/NAME',
    },
    sources: {
      type: 'string',
      description: 'intake sources JSON merged over config/intake-sources.json',
      valueName: 'FILE',
    },
    'rate-limit': {
      type: 'string',
      description: 'requests per minute per API key (store-backed token bucket)',
      default: '120',
      valueName: 'N',
    },
    'dry-run': {
      type: 'boolean',
      description: 'accepted events plan their dispatch through the guard instead of sending it',
    },
  },
  async run(values, positionals, io) {
    if (positionals.length > 0) throw new ConfigurationError(`serve takes no arguments ("${positionals[0]}")`);
    const port = integerOption(values, 'port', { min: 0, max: 65_535 }) ?? 8787;
    const host = stringOption(values, 'host') ?? '127.0.0.1';
    const perMinute = integerOption(values, 'rate-limit', { min: 1, max: 1_000_000 }) ?? 120;
    const { loadIntakeSources } = await import('@opsguard/config');
    const config = await loadIntakeSources(stringOption(values, 'sources'));
    const resolved = resolveIntakeSources(config, io.env, stringOption(values, 'repo') ?? io.env['GITHUB_REPOSITORY']);
    const dispatches = resolved.sources.some((s) => s.action.type === 'repository_dispatch');
    const token = io.env['GITHUB_TOKEN'] ?? io.env['GH_TOKEN'];
    if (dispatches && !token) {
      throw new ConfigurationError(
        'an intake source dispatches to GitHub: set GITHUB_TOKEN (contents: write on the target)',
      );
    }

    const [
      { buildApiServer, listen, shutdownGracefully },
      { apiCapabilitiesOf, openStore, selectStore },
      { createBrake, createGuard, DEFAULT_GUARD_POLICY },
    ] = await Promise.all([import('@opsguard/api'), import('@opsguard/store'), import('@opsguard/guard')]);
    const { createIntakeExecutor } = await import('@opsguard/engine');
    const store = await openStore(selectStore(io.env), { cwd: io.cwd });
    const actor = `${io.env['USER'] ?? 'someone'} via opsguard-serve`;
    const log = (line: string) => writeLine(io.stderr, `opsguard serve: ${line}`);
    try {
      const client =
        dispatches && token
          ? await (await import('@opsguard/github')).createGitHubClient({ token, env: io.env })
          : null;
      const guard = createGuard({
        store,
        policy: DEFAULT_GUARD_POLICY,
        now: io.now,
        random: Math.random,
        sleep,
        actor,
        // The same brake as every command: the store's switches and OPSGUARD_KILL from the environment.
        brake: createBrake(store, killVariableFromEnv(io.env)),
        logger: { info: log, warn: log },
      });
      const app = await buildApiServer({
        store,
        api: apiCapabilitiesOf(store),
        now: io.now,
        sleep,
        rateLimitPerMinute: perMinute,
        intake: {
          sources: resolved.sources,
          execute: createIntakeExecutor({ guard, client, dryRun: booleanOption(values, 'dry-run') }),
        },
        actor,
        log,
      });
      const stopping = nextSignal(['SIGTERM', 'SIGINT']);
      const { url } = await listen(app, host, port);
      const served = resolved.sources.map((s) => s.name).join(', ') || 'none';
      log(
        `listening on ${url} (store: ${store.kind}; intake sources: ${served}${resolved.disabled.length ? `; disabled, no secret set: ${resolved.disabled.join(', ')}` : ''})`,
      );
      const signal = await stopping;
      log(`${signal}: finishing in-flight requests`);
      const outcome = await shutdownGracefully(app);
      log(`stopped (${outcome})`);
      return 0;
    } finally {
      await store.close();
    }
  },
};

function killVariableFromEnv(env: Readonly<Record<string, string | undefined>>) {
  const value = env['OPSGUARD_KILL'];
  return value !== undefined && value.trim() !== ''
    ? { source: 'environment' as const, read: async () => value }
    : null;
}
