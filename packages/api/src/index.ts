export { buildApiServer, type ApiServerOptions } from './server.js';
export { listen, shutdownGracefully, type ListeningServer } from './listen.js';
export { createApiKey, checkApiKey, sha256Hex, type CreatedApiKey, type KeyCheck } from './api-key.js';
export {
  problem,
  ProblemError,
  isProblemError,
  PROBLEM_CONTENT_TYPE,
  type Problem,
  type ProblemKind,
} from './problem.js';
export type {
  AcceptedEvent,
  ExecutionResult,
  IntakeAction,
  IntakeExecutor,
  IntakeSource,
} from './intake/intake-types.js';
export { processDelivery, type Delivery, type IntakeAnswer, type IntakeDeps } from './intake/process-delivery.js';
export { InFlight } from './intake/in-flight.js';
export {
  writeExport,
  EXPORT_FORMATS,
  type ExportFormat,
  type ExportOptions,
  type ExportResult,
} from './export/write-export.js';
export { pipelineResult, runSpan, jobSpan, traceRequest, type OtlpSpan } from './export/otel-spans.js';
