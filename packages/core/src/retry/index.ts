export * from './decide-retry.js';
export { globToRegExp, matchesAny, allowedBy } from './name-patterns.js';
