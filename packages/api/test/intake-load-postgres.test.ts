import { openPostgresStore } from '@opsguard/store';
import { createTestDatabase, describePg } from '../../store/test/support/databases.js';
import { describeOneKeyLoad } from './support/one-key-load.js';

let drop: (() => Promise<void>) | undefined;

describePg('PostgreSQL 15 server', () => {
  describeOneKeyLoad(
    'PostgreSQL 15',
    async () => {
      const database = await createTestDatabase();
      drop = database.drop;
      const store = await openPostgresStore({ connectionString: database.url, maxConnections: 10 });
      const close = store.close.bind(store);
      return Object.assign(store, {
        close: async () => {
          await close();
          await drop?.();
        },
      });
    },
    1000,
    50,
  );
});
