import { describe, expect, it } from '@jest/globals';
import { localTime, windowIsOpen, type TimeWindow } from '../../src/index.js';

const office: TimeWindow = {
  type: 'business_hours',
  name: 'office',
  days: ['mon', 'tue', 'wed', 'thu', 'fri'],
  start: '09:00',
  end: '18:00',
};

describe('time windows in a configured time zone', () => {
  it('reads the wall clock of an instant in the zone', () => {
    // 2026-12-04 00:30 UTC is Friday 09:30 in Tokyo, still Thursday in New York.
    const at = new Date('2026-12-04T00:30:00Z');
    expect(localTime(at, 'Asia/Tokyo')).toEqual({ date: '2026-12-04', weekday: 'fri', minutes: 9 * 60 + 30 });
    expect(localTime(at, 'America/New_York')).toEqual({ date: '2026-12-03', weekday: 'thu', minutes: 19 * 60 + 30 });
  });

  it('business hours: start inclusive, end exclusive, only on the listed days', () => {
    const tokyo = (iso: string) => localTime(new Date(iso), 'Asia/Tokyo');
    expect(windowIsOpen(office, tokyo('2026-12-04T00:00:00Z'))).toBe(true); // Fri 09:00
    expect(windowIsOpen(office, tokyo('2026-12-03T23:59:00Z'))).toBe(false); // Fri 08:59
    expect(windowIsOpen(office, tokyo('2026-12-04T09:00:00Z'))).toBe(false); // Fri 18:00
    expect(windowIsOpen(office, tokyo('2026-12-05T01:00:00Z'))).toBe(false); // Sat 10:00
  });

  it('weekends and holidays follow the local date, across a DST change', () => {
    const weekends: TimeWindow = { type: 'weekends', name: 'weekends' };
    const holidays: TimeWindow = { type: 'holidays', name: 'h', dates: ['2026-11-01'] };
    // 2026-11-01 is a Sunday; US DST ends at 06:00 UTC. 04:30 UTC is 00:30 EDT Sunday.
    const ny = localTime(new Date('2026-11-01T04:30:00Z'), 'America/New_York');
    expect(ny).toMatchObject({ date: '2026-11-01', weekday: 'sun', minutes: 30 });
    expect(windowIsOpen(weekends, ny)).toBe(true);
    expect(windowIsOpen(holidays, ny)).toBe(true);
    // 03:30 UTC is still Saturday 23:30 EDT.
    const before = localTime(new Date('2026-11-01T03:30:00Z'), 'America/New_York');
    expect(before.weekday).toBe('sat');
    expect(windowIsOpen(holidays, before)).toBe(false);
  });
});
