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
export {
  DocBuilder,
  docNumber,
  formatNumber,
  sanitizeDocument,
  valueAtPointer,
  pointerKey,
  type DocNumber,
  type GeneratedDocument,
  type NumberFormat,
  type NumberRef,
} from './docs/doc-builder.js';
export {
  writeGeneratedDocuments,
  GENERATED_DOCUMENTS_FILE,
  type RegisteredDocument,
} from './docs/generated-documents.js';
export { readBundleTickets, readTicketHistory, writeTicketFiles, TICKETS_DIR } from './tickets/ticket-files.js';
export { renderTicket } from './tickets/render-ticket.js';
export {
  screenshotDashboard,
  findChromium,
  type ScreenshotOptions,
  type ScreenshotResult,
} from './screenshot/screenshot-dashboard.js';
export * from './verify/index.js';
export {
  rollbackProtocolDocument,
  ROLLBACK_PROTOCOL_FILE,
  ROLLBACK_HISTORY_FILE,
  type RollbackProtocolInput,
} from './docs/rollback-protocol.js';
