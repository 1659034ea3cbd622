import type { IntakeSource } from '../../src/intake/intake-types.js';

export const SECRET = `whsec_${Buffer.from('intake-test-secret-32-bytes-long').toString('base64')}`;
export const GITHUB_SECRET = 'github-style-secret';

export function aSource(overrides: Partial<IntakeSource> = {}): IntakeSource {
  return {
    name: 'budget-alert',
    secrets: [SECRET, GITHUB_SECRET],
    styles: ['standard', 'github'],
    ttlMs: 24 * 3_600_000,
    toleranceMs: 300_000,
    maxBodyBytes: 1024,
    leaseMs: 60_000,
    waitForInFlightMs: 5000,
    action: { type: 'repository_dispatch', eventType: 'opsguard-aws-guard', repository: 'acme/ops' },
    ...overrides,
  };
}
