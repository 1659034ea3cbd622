export * from './kpi-types.js';
export { computeKpis } from './compute-kpis.js';
export { isoToMs } from './iso-time.js';
export { percentile, percentileOfSorted } from './percentile.js';
export { defaultBranchIncidents, type Incident } from './mttr.js';

export { selectKth, selectPercentile } from './select.js';
export { dailyTrends, type DailyPoint, type DayBounds } from './daily-trends.js';
