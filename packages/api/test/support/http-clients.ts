import { Agent, request } from 'node:http';

export interface HttpAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** One POST over a given client (its own keep-alive agent), the body read whole. */
export function postWith(
  agent: Agent,
  url: string,
  headers: Record<string, string>,
  body: string,
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          try {
            resolve({
              status: res.statusCode ?? 0,
              body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
            });
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** `clients` independent HTTP clients (an agent each, a few sockets each), like separate senders. */
export function httpClients(clients: number, socketsEach = 4): Agent[] {
  return Array.from({ length: clients }, () => new Agent({ keepAlive: true, maxSockets: socketsEach }));
}
