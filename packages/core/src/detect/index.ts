export * from './detection-types.js';
export { detectAnomalies, type DetectionInput } from './detect-anomalies.js';
