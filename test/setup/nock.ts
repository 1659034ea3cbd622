// Shared nock set-up (TOOLCHAIN.md): no test reaches the network; without `restore`, later files
// get doubled responses. Loopback stays open for the PostgreSQL server and the demo's replay server.
import { afterAll, afterEach } from '@jest/globals';
import nock from 'nock';

nock.disableNetConnect();
nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
afterEach(() => {
  nock.cleanAll();
});
afterAll(() => {
  nock.restore();
});
