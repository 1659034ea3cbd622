export {
  renderDashboard,
  type DashboardAnomaly,
  type DashboardInput,
  type DashboardSafety,
} from './render-dashboard.js';
export { lineChart, stackedBars, type SeriesPoint, type StackedColumn, type ChartOptions } from './svg-charts.js';
export { pct, duration, num } from './format.js';
export { esc } from './html-escape.js';
export {
  sparkline,
  kpiJobSummary,
  anomalyJobSummary,
  guaranteesSummary,
  problemsSummary,
  ticketJobSummary,
} from './job-summaries.js';
