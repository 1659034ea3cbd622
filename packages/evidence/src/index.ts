export * from './bundle/index.js';
export * from './dashboard/index.js';
export { SanitizeStream, createSanitizeStream, sanitizeFile } from './sanitize-stream.js';
export {
  appendCapabilityEvents,
  capabilityLogPath,
  parseCapabilityLog,
  CAPABILITIES,
  type AppendEventsInput,
  type AppendEventsResult,
  type Capability,
  type CapabilityEvent,
  type CapabilityLogLine,
} from './logs/capability-log.js';
