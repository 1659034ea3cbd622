import { openPgliteBackend } from './support/databases.js';
import { describeStoreContract } from './support/store-contract.js';

describeStoreContract('PGlite (in memory)', openPgliteBackend);
