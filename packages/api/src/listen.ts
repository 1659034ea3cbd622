import type { FastifyInstance } from 'fastify';

export interface ListeningServer {
  /** http://host:port */
  readonly url: string;
  readonly port: number;
}

/** Listens on host:port (port 0: any free port). 127.0.0.1 unless the caller says otherwise. */
export async function listen(app: FastifyInstance, host = '127.0.0.1', port = 0): Promise<ListeningServer> {
  await app.listen({ host, port });
  const address = app.server.address();
  const actual = typeof address === 'object' && address !== null ? address.port : port;
  const shown = host.includes(':') ? `[${host}]` : host;
  return { url: `http://${shown}:${actual}`, port: actual };
}

/**
 * Graceful shutdown: stop accepting (new requests get 503 while closing), let in-flight
 * requests finish, then resolve. A second signal, or the deadline, ends it at once.
 */
export async function shutdownGracefully(app: FastifyInstance, deadlineMs = 10_000): Promise<'drained' | 'forced'> {
  let timer: NodeJS.Timeout | undefined;
  const forced = new Promise<'forced'>((resolve) => {
    timer = setTimeout(() => resolve('forced'), deadlineMs);
    timer.unref();
  });
  const outcome = await Promise.race([app.close().then(() => 'drained' as const), forced]);
  clearTimeout(timer);
  if (outcome === 'forced') app.server.closeAllConnections();
  return outcome;
}
