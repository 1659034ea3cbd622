import { describe, expect, test } from '@jest/globals';
import { createdFilter, linkHeader, matchesStatus, paginate } from '../src/replay/filters.js';

const at = (iso: string) => Date.parse(iso);

describe('created qualifier', () => {
  test.each([
    ['>=2026-11-10', '2026-11-10T00:00:00Z', true],
    ['>=2026-11-10', '2026-11-09T23:59:59Z', false],
    ['>2026-11-10', '2026-11-10T23:59:59Z', false],
    ['>2026-11-10', '2026-11-11T00:00:00Z', true],
    ['<2026-11-10', '2026-11-09T23:59:59Z', true],
    ['<=2026-11-10', '2026-11-10T23:59:59Z', true],
    ['<=2026-11-10', '2026-11-11T00:00:00Z', false],
    ['2026-11-10', '2026-11-10T12:00:00Z', true],
    ['2026-11-10..2026-11-12', '2026-11-12T23:00:00Z', true],
    ['2026-11-10..2026-11-12', '2026-11-13T00:00:00Z', false],
    ['*..2026-11-12', '2020-01-01T00:00:00Z', true],
    ['2026-11-10..*', '2030-01-01T00:00:00Z', true],
    ['>=2026-11-10T12:00:00Z', '2026-11-10T11:59:59Z', false],
    ['>=2026-11-10T12:00:00Z', '2026-11-10T12:00:00Z', true],
    ['>=2026-11-10T21:00:00+09:00', '2026-11-10T12:00:00Z', true],
    ['>=2026-11-10T21:00:00+09:00', '2026-11-10T11:59:59Z', false],
  ])('%s against %s → %s', (filter, created, expected) => {
    expect(createdFilter(filter)?.(at(created))).toBe(expected);
  });

  test('a malformed qualifier is ignored, as GitHub ignores it', () => {
    expect(createdFilter('last week')).toBeUndefined();
    expect(createdFilter('>=2026-13')).toBeUndefined();
  });
});

test('status matches statuses and conclusions', () => {
  expect(matchesStatus('completed', 'completed', 'failure')).toBe(true);
  expect(matchesStatus('failure', 'completed', 'failure')).toBe(true);
  expect(matchesStatus('queued', 'completed', 'success')).toBe(false);
});

test('pagination clamps per_page and links like GitHub', () => {
  const items = Array.from({ length: 250 }, (_, i) => i);
  const url = new URL('http://127.0.0.1:1/repos/a/b/actions/runs?per_page=100&page=2&status=failure');
  const page = paginate(items, url.searchParams);
  expect(page).toMatchObject({ page: 2, perPage: 100, lastPage: 3 });
  expect(page.items[0]).toBe(100);
  expect(linkHeader(url, page)).toBe(
    '<http://127.0.0.1:1/repos/a/b/actions/runs?per_page=100&page=1&status=failure>; rel="prev", ' +
      '<http://127.0.0.1:1/repos/a/b/actions/runs?per_page=100&page=3&status=failure>; rel="next", ' +
      '<http://127.0.0.1:1/repos/a/b/actions/runs?per_page=100&page=3&status=failure>; rel="last", ' +
      '<http://127.0.0.1:1/repos/a/b/actions/runs?per_page=100&page=1&status=failure>; rel="first"',
  );
  expect(linkHeader(url, paginate(items.slice(0, 5), url.searchParams))).toBe(
    '<http://127.0.0.1:1/repos/a/b/actions/runs?per_page=100&page=1&status=failure>; rel="prev", ' +
      '<http://127.0.0.1:1/repos/a/b/actions/runs?per_page=100&page=1&status=failure>; rel="first"',
  );
  expect(paginate(items, new URLSearchParams('per_page=0')).perPage).toBe(30);
  expect(linkHeader(new URL('http://x/y'), paginate([1], new URLSearchParams()))).toBeUndefined();
});
