export * from './bundle/index.js';
export * from './dashboard/index.js';
