// The AWS stand-in's HTTP server: node:http on 127.0.0.1, parses each request (method, path,
// query, headers, body, the SigV4 credential scope's region and service) and hands it to the
// registered service with that signing name. Every request is logged so a test or the demo can
// show what the SDK sent. A service answers in its own wire format (see service.ts).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { StandinRequest, StandinResponse, StandinService } from './service.js';

export interface AwsStandinOptions {
  readonly services: readonly StandinService[];
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 0: any free port. */
  readonly port?: number;
  /** Answers unsigned requests (the demo's application health page); default 403 like AWS. */
  readonly unsigned?: (request: StandinRequest) => StandinResponse;
}

/** One request the stand-in answered. */
export interface AwsStandinRequest {
  readonly service: string;
  readonly region: string;
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** The operation when the wire format names it (X-Amz-Target, Action=, or the REST path). */
  readonly operation: string | undefined;
  readonly body: string;
  readonly status: number;
}

export interface AwsStandin {
  /** Base URL, e.g. `http://127.0.0.1:41234`: every SDK client's `endpoint`. */
  readonly url: string;
  requests(): AwsStandinRequest[];
  close(): Promise<void>;
}

const SCOPE = /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/;

/** The region and service of a SigV4 Authorization header (`undefined` when unsigned). */
export function credentialScope(authorization: string | undefined): { region: string; service: string } | undefined {
  const match = SCOPE.exec(authorization ?? '');
  if (!match) return undefined;
  return { region: match[1] as string, service: match[2] as string };
}

function operationOf(request: StandinRequest): string | undefined {
  const target = request.headers['x-amz-target'];
  if (target) return target.slice(target.lastIndexOf('.') + 1);
  const action = request.query.get('Action') ?? new URLSearchParams(request.body).get('Action');
  return action ?? undefined;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function headersOf(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  return headers;
}

const unsigned = (): StandinResponse => ({
  status: 403,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' }),
});

const unknownService = (service: string): StandinResponse => ({
  status: 400,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ __type: 'UnknownServiceException', message: `The stand-in has no service "${service}"` }),
});

export async function startAwsStandin(options: AwsStandinOptions): Promise<AwsStandin> {
  const services = new Map(options.services.map((service) => [service.signingName, service]));
  const log: AwsStandinRequest[] = [];
  let base = '';

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', base);
    const headers = headersOf(req);
    const body = await readBody(req);
    const scope = credentialScope(headers['authorization']);
    const request: StandinRequest = {
      method: req.method ?? 'GET',
      path: decodeURIComponent(url.pathname),
      query: url.searchParams,
      headers,
      body,
      region: scope?.region ?? 'us-east-1',
    };
    const service = scope ? services.get(scope.service) : undefined;
    let reply: StandinResponse;
    if (!scope) reply = options.unsigned ? options.unsigned(request) : unsigned();
    else if (!service) reply = unknownService(scope.service);
    else {
      try {
        reply = await service.handle(request);
      } catch (error) {
        reply = {
          status: 500,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            __type: 'InternalFailure',
            message: `Stand-in error: ${error instanceof Error ? error.message : String(error)}`,
          }),
        };
      }
    }
    log.push({
      service: scope?.service ?? '',
      region: request.region,
      method: request.method,
      path: request.path,
      query: Object.fromEntries(url.searchParams),
      operation: reply.operation ?? operationOf(request),
      body,
      status: reply.status,
    });
    res.writeHead(reply.status, {
      'x-amzn-requestid': `standin-${log.length}`,
      ...reply.headers,
      'content-length': String(Buffer.byteLength(reply.body)),
    });
    res.end(reply.status === 204 || reply.status === 304 ? undefined : reply.body);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ __type: 'InternalFailure', message: String(error) }));
    });
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  base = `http://${host}:${address.port}`;
  return {
    url: base,
    requests: () => [...log],
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
