import { apiCapabilitiesOf, openPgliteStore, type ApiCapabilities, type Store } from '@opsguard/store';
import type { FastifyInstance } from 'fastify';
import { createApiKey } from '../../src/api-key.js';
import { buildApiServer, type ApiServerOptions } from '../../src/server.js';
import { listen } from '../../src/listen.js';

export interface Fixture {
  readonly store: Store;
  readonly api: ApiCapabilities;
  readonly app: FastifyInstance;
  readonly url: string;
  readonly readerKey: string;
  readonly writerKey: string;
  readonly logs: string[];
  close(): Promise<void>;
}

/** A real server on 127.0.0.1 over the given store (default: one in-memory PGlite per file). */
export async function startFixture(
  overrides: Partial<ApiServerOptions> = {},
  openStore: () => Promise<Store> = () => openPgliteStore({ inMemory: true }),
): Promise<Fixture> {
  const store = overrides.store ?? (await openStore());
  const api = overrides.api ?? apiCapabilitiesOf(store);
  const logs: string[] = [];
  const now = new Date('2026-12-01T12:00:00.000Z');
  const reader = await createApiKey(api.keys, { name: 'grafana', role: 'reader', createdBy: 'test', now });
  const writer = await createApiKey(api.keys, { name: 'ops', role: 'writer', createdBy: 'test', now });
  const app = await buildApiServer({
    store,
    api,
    now: () => new Date(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    actor: 'opsguard-serve-test',
    log: (line) => logs.push(line),
    ...overrides,
  });
  const { url } = await listen(app);
  return {
    store,
    api,
    app,
    url,
    readerKey: reader.key,
    writerKey: writer.key,
    logs,
    async close() {
      await app.close();
      // A store the caller passed in is the caller's to close.
      if (!overrides.store) await store.close();
    },
  };
}
