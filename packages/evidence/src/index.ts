export * from './bundle/index.js';
export * from './dashboard/index.js';
export { SanitizeStream, createSanitizeStream, sanitizeFile } from './sanitize-stream.js';
