export * from './json.js';
export * from './errors.js';
export * from './policy/index.js';
export * from './time/index.js';
export * from './diagnosis/index.js';
export * from './masking/index.js';
