import { describe, expect, it } from '@jest/globals';
import { lastZonedDays, startOfZonedDay } from '../../src/index.js';

describe('zoned days', () => {
  it('a Tokyo day starts at 15:00 UTC the day before', () => {
    expect(new Date(startOfZonedDay('2026-11-21', 'Asia/Tokyo')).toISOString()).toBe('2026-11-20T15:00:00.000Z');
  });

  it('lists the last 7 days in the zone, oldest first, contiguous', () => {
    const days = lastZonedDays(new Date('2026-11-20T16:00:00Z'), 7, 'Asia/Tokyo');
    expect(days.map((d) => d.date)).toEqual([
      '2026-11-15',
      '2026-11-16',
      '2026-11-17',
      '2026-11-18',
      '2026-11-19',
      '2026-11-20',
      '2026-11-21',
    ]);
    for (let i = 1; i < days.length; i++) expect(days[i]?.startMs).toBe(days[i - 1]?.endMs);
    expect(days.every((d) => d.endMs - d.startMs === 86_400_000)).toBe(true);
  });

  it('handles a 25-hour day across a DST change', () => {
    const days = lastZonedDays(new Date('2026-11-02T12:00:00Z'), 3, 'America/New_York');
    expect(days.map((d) => d.date)).toEqual(['2026-10-31', '2026-11-01', '2026-11-02']);
    expect(days[1]!.endMs - days[1]!.startMs).toBe(25 * 3_600_000);
  });
});
