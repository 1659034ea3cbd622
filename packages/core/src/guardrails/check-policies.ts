import { parseArnPattern } from './arn-pattern.js';
import { findExceptionOverlaps, type ExceptionSet, type GuardrailConfigProblem } from './exception-overlaps.js';
import type { GuardrailExceptions, GuardrailPolicies } from './guardrail-types.js';
import { clockMinutes } from './time-windows.js';
import { MIN_GUARDRAIL_TTL_MINUTES } from './ttl.js';

function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function arnProblems(
  patterns: readonly string[] | undefined,
  path: string,
  roleOnly = false,
): GuardrailConfigProblem[] {
  return (patterns ?? []).flatMap((text, i) => {
    const parsed = parseArnPattern(text);
    if (!parsed.ok) {
      return [
        { path: `${path}/${i}`, expected: 'a role, user or group ARN pattern', found: `"${text}" (${parsed.reason})` },
      ];
    }
    if (roleOnly && parsed.pattern.kind !== 'role') {
      return [{ path: `${path}/${i}`, expected: 'a role ARN pattern', found: `"${text}"` }];
    }
    return [];
  });
}

function exceptionProblems(exceptions: GuardrailExceptions | undefined, path: string): GuardrailConfigProblem[] {
  if (!exceptions) return [];
  const problems = arnProblems(exceptions.principals, `${path}/principals`);
  (exceptions.timeWindows ?? []).forEach((window, i) => {
    const at = `${path}/timeWindows/${i}`;
    if (window.type === 'business_hours') {
      const start = clockMinutes(window.start);
      const end = clockMinutes(window.end);
      if (start === null) problems.push({ path: `${at}/start`, expected: 'HH:MM', found: `"${window.start}"` });
      if (end === null) problems.push({ path: `${at}/end`, expected: 'HH:MM', found: `"${window.end}"` });
      if (start !== null && end !== null && start >= end) {
        problems.push({ path: `${at}/end`, expected: `a time after start ${window.start}`, found: `"${window.end}"` });
      }
    }
    if (window.type === 'holidays') {
      window.dates.forEach((date, k) => {
        if (!isCalendarDate(date)) {
          problems.push({ path: `${at}/dates/${k}`, expected: 'a calendar date YYYY-MM-DD', found: `"${date}"` });
        }
      });
    }
  });
  return problems;
}

/**
 * What the JSON Schema cannot say about a guardrail policy file, checked on every load: a known
 * time zone, well-formed ARN patterns, unique policy ids, real dates and hours, the TTL minimum
 * (again: the schema is not the only way a policy arrives), and no overlapping exceptions.
 */
export function checkGuardrailPolicies(document: GuardrailPolicies): GuardrailConfigProblem[] {
  const problems: GuardrailConfigProblem[] = [];
  if (!isKnownTimeZone(document.timeZone)) {
    problems.push({
      path: '/timeZone',
      expected: 'an IANA time zone such as Asia/Tokyo',
      found: `"${document.timeZone}"`,
    });
  }
  problems.push(...arnProblems(document.breakGlassRoles, '/breakGlassRoles', true));
  problems.push(...exceptionProblems(document.exceptions, '/exceptions'));
  const fileSet: ExceptionSet[] = document.exceptions ? [{ path: '/exceptions', exceptions: document.exceptions }] : [];
  problems.push(...findExceptionOverlaps(fileSet));
  const ids = new Map<string, number>();
  document.policies.forEach((policy, i) => {
    const at = `/policies/${i}`;
    const first = ids.get(policy.id);
    if (first !== undefined) {
      problems.push({ path: `${at}/id`, expected: `an id not used by /policies/${first}`, found: `"${policy.id}"` });
    } else ids.set(policy.id, i);
    if (!Number.isInteger(policy.ttlMinutes) || policy.ttlMinutes < MIN_GUARDRAIL_TTL_MINUTES) {
      problems.push({
        path: `${at}/ttlMinutes`,
        expected: `a whole number of minutes, at least ${MIN_GUARDRAIL_TTL_MINUTES}`,
        found: String(policy.ttlMinutes),
      });
    }
    if (policy.mode !== 'manual' && policy.mode !== 'auto') {
      problems.push({ path: `${at}/mode`, expected: 'one of "manual", "auto"', found: JSON.stringify(policy.mode) });
    }
    problems.push(...arnProblems(policy.principals, `${at}/principals`));
    problems.push(...exceptionProblems(policy.exceptions, `${at}/exceptions`));
    if (policy.exceptions) {
      // Only the overlaps this policy adds: the file's own were reported once above.
      const own = findExceptionOverlaps([...fileSet, { path: `${at}/exceptions`, exceptions: policy.exceptions }]);
      problems.push(...own.filter((p) => p.path.startsWith(`${at}/`)));
    }
  });
  return problems;
}
