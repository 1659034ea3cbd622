import { describePg, openPostgresBackend } from './support/databases.js';
import { describeStoreContract } from './support/store-contract.js';

describePg('PostgreSQL 15 server', () => {
  describeStoreContract('PostgreSQL 15 (fresh database)', () => openPostgresBackend());
});
