import { describe, expect, it } from '@jest/globals';
import { isConfigurationError, reportDate } from '../../src/index.js';

describe('report date', () => {
  it('names the folder by the date in Asia/Tokyo by default', () => {
    // 15:30 UTC is already the next day in Tokyo (UTC+9).
    expect(reportDate(new Date('2026-11-22T15:30:00Z'))).toBe('2026-11-23');
    expect(reportDate(new Date('2026-11-22T14:59:59Z'))).toBe('2026-11-22');
    expect(reportDate(new Date('2026-11-22T15:30:00Z'), 'UTC')).toBe('2026-11-22');
  });

  it('rejects an unknown zone as a configuration error', () => {
    expect.assertions(2);
    try {
      reportDate(new Date(), 'Mars/Olympus');
    } catch (error) {
      expect(isConfigurationError(error)).toBe(true);
      expect((error as Error).message).toContain('Mars/Olympus');
    }
  });
});
