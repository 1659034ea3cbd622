export * from './report-date.js';
export * from './zoned-days.js';
