import { openPgliteBackend } from './support/databases.js';
import { describeApiCapabilities } from './support/api-capabilities-contract.js';

describeApiCapabilities('PGlite (in memory)', openPgliteBackend);
