import { describePg, openPostgresBackend } from './support/databases.js';
import { describeApiCapabilities } from './support/api-capabilities-contract.js';

describePg('PostgreSQL 15 server', () => {
  describeApiCapabilities('PostgreSQL 15 (fresh database)', () => openPostgresBackend());
});
