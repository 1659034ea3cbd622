import { createHash } from 'node:crypto';
import type { ApiRow } from '@opsguard/store';

/**
 * Runs and jobs as OTLP JSON spans in the OpenTelemetry CI/CD semantic conventions: a run
 * attempt is a pipeline run span (kind SERVER, "RUN <workflow>"), each job a task span under it.
 * The conventions have no attempt number, so it is `opsguard.run.attempt` (docs/api.md).
 */
type AttributeValue = { stringValue: string } | { intValue: string } | { doubleValue: number } | { boolValue: boolean };
export interface OtlpAttribute {
  readonly key: string;
  readonly value: AttributeValue;
}

export interface OtlpSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name: string;
  readonly kind: number;
  readonly startTimeUnixNano: string;
  readonly endTimeUnixNano: string;
  readonly attributes: readonly OtlpAttribute[];
  readonly status: { readonly code: number; readonly message?: string };
}

const SPAN_KIND_INTERNAL = 1;
const SPAN_KIND_SERVER = 2;
const STATUS_UNSET = 0;
const STATUS_OK = 1;
const STATUS_ERROR = 2;

const hex = (text: string, bytes: number): string =>
  createHash('sha256')
    .update(text)
    .digest('hex')
    .slice(0, bytes * 2);

const str = (row: ApiRow, column: string): string | null => {
  const value = row[column];
  return typeof value === 'string' ? value : null;
};
const int = (row: ApiRow, column: string): number | null => {
  const value = row[column];
  return typeof value === 'number' ? value : null;
};

function nanos(iso: string | null): string {
  if (iso === null) return '0';
  return (BigInt(Date.parse(iso)) * 1_000_000n).toString();
}

function attributes(
  entries: ReadonlyArray<readonly [string, string | number | boolean | null, 'int'?]>,
): OtlpAttribute[] {
  const out: OtlpAttribute[] = [];
  for (const [key, value, kind] of entries) {
    if (value === null) continue;
    if (typeof value === 'string') out.push({ key, value: { stringValue: value } });
    else if (typeof value === 'boolean') out.push({ key, value: { boolValue: value } });
    else if (kind === 'int') out.push({ key, value: { intValue: String(Math.trunc(value)) } });
    else out.push({ key, value: { doubleValue: value } });
  }
  return out;
}

/**
 * GitHub's conclusion as `cicd.pipeline.result`: `failure` is the code's fault, `error` the CI
 * system's (a cause the retry policy calls transient: runner lost, network, GitHub 5xx, …).
 */
export function pipelineResult(
  conclusion: string | null,
  cause: string | null,
  systemCauses: ReadonlySet<string>,
): string | null {
  switch (conclusion) {
    case null:
      return null;
    case 'success':
      return 'success';
    case 'cancelled':
      return 'cancellation';
    case 'skipped':
      return 'skip';
    case 'timed_out':
      return 'timeout';
    case 'startup_failure':
      return 'error';
    case 'failure':
      return cause !== null && systemCauses.has(cause) ? 'error' : 'failure';
    default:
      return conclusion;
  }
}

function statusOf(result: string | null): OtlpSpan['status'] {
  if (result === null || result === 'skip' || result === 'cancellation') return { code: STATUS_UNSET };
  return result === 'success' ? { code: STATUS_OK } : { code: STATUS_ERROR, message: result };
}

const runKey = (repository: string, runId: number, attempt: number) => `${repository}#${runId}#${attempt}`;

export function runSpan(run: ApiRow, systemCauses: ReadonlySet<string>): OtlpSpan {
  const repository = str(run, 'repository') ?? '';
  const runId = int(run, 'run_id') ?? 0;
  const attempt = int(run, 'attempt') ?? 1;
  const key = runKey(repository, runId, attempt);
  const cause = str(run, 'cause');
  const result = pipelineResult(str(run, 'conclusion'), cause, systemCauses);
  const durationMs = int(run, 'duration_ms');
  const queueMs = int(run, 'queue_ms');
  const workflow = str(run, 'workflow') ?? 'workflow';
  const status = str(run, 'status');
  return {
    traceId: hex(`trace:${key}`, 16),
    spanId: hex(`run:${key}`, 8),
    name: `RUN ${workflow}`,
    kind: SPAN_KIND_SERVER,
    startTimeUnixNano: nanos(str(run, 'created_at')),
    endTimeUnixNano: nanos(str(run, 'updated_at')),
    attributes: attributes([
      ['cicd.pipeline.name', workflow],
      ['cicd.pipeline.run.id', String(runId)],
      ['cicd.pipeline.action.name', 'RUN'],
      ['cicd.pipeline.run.url.full', str(run, 'url')],
      ['cicd.pipeline.result', result],
      ['cicd.pipeline.run.state', status === 'completed' ? null : status === 'queued' ? 'pending' : 'executing'],
      ['error.type', result === 'failure' || result === 'error' || result === 'timeout' ? (cause ?? 'unknown') : null],
      ['cicd.pipeline.run.duration', durationMs === null ? null : durationMs / 1000],
      ['cicd.pipeline.run.time_in_queue', queueMs === null ? null : queueMs / 1000],
      ['opsguard.run.attempt', attempt, 'int'],
      ['opsguard.failure.cause', cause],
      ['vcs.repository.name', repository],
      ['vcs.repository.url.full', repository ? `https://github.com/${repository}` : null],
      ['vcs.ref.head.name', str(run, 'branch')],
      ['vcs.ref.head.revision', str(run, 'head_sha')],
      ['cicd.pipeline.trigger', str(run, 'event')],
    ]),
    status: statusOf(result),
  };
}

export function jobSpan(job: ApiRow, systemCauses: ReadonlySet<string>, runCause: string | null): OtlpSpan {
  const repository = str(job, 'repository') ?? '';
  const key = runKey(repository, int(job, 'run_id') ?? 0, int(job, 'attempt') ?? 1);
  const jobId = int(job, 'job_id') ?? 0;
  const result = pipelineResult(str(job, 'conclusion'), runCause, systemCauses);
  const start = str(job, 'started_at') ?? str(job, 'created_at');
  return {
    traceId: hex(`trace:${key}`, 16),
    spanId: hex(`job:${repository}#${jobId}`, 8),
    parentSpanId: hex(`run:${key}`, 8),
    name: str(job, 'name') ?? 'job',
    kind: SPAN_KIND_INTERNAL,
    startTimeUnixNano: nanos(start),
    endTimeUnixNano: nanos(str(job, 'completed_at') ?? start),
    attributes: attributes([
      ['cicd.pipeline.task.name', str(job, 'name')],
      ['cicd.pipeline.task.run.id', String(jobId)],
      ['cicd.pipeline.task.run.result', result],
      [
        'cicd.pipeline.task.run.url.full',
        repository ? `https://github.com/${repository}/actions/runs/${int(job, 'run_id') ?? 0}/job/${jobId}` : null,
      ],
      ['cicd.worker.name', str(job, 'runner_name')],
      ['opsguard.run.attempt', int(job, 'attempt') ?? 1, 'int'],
    ]),
    status: statusOf(result),
  };
}

/** One OTLP JSON ExportTraceServiceRequest (what the Collector's file exporter writes per line). */
export function traceRequest(spans: readonly OtlpSpan[], version: string): Record<string, unknown> {
  return {
    resourceSpans: [
      {
        resource: {
          attributes: attributes([
            ['service.name', 'opsguard'],
            ['service.version', version],
          ]),
        },
        scopeSpans: [{ scope: { name: 'opsguard.export', version }, spans }],
      },
    ],
  };
}
