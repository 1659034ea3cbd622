import { openPgliteStore } from '@opsguard/store';
import { describeOneKeyLoad } from './support/one-key-load.js';

describeOneKeyLoad('PGlite', () => openPgliteStore({ inMemory: true }), 1000, 50);
