export { createTestDatabase, describePg } from '@opsguard/testing';
