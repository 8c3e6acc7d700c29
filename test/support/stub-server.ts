import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StubServer {
  url: string;
  /** Request URLs (path and query) received, in order. */
  received: string[];
  close(): Promise<void>;
}

/** A small HTTP server on 127.0.0.1 standing in for an external service (Kubecost, Prometheus). */
export async function startStubServer(
  handle: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<StubServer> {
  const received: string[] = [];
  const server = createServer((req, res) => {
    received.push(req.url ?? '');
    handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A loopback port nothing listens on: connections are refused. */
export async function closedPortUrl(): Promise<string> {
  const stub = await startStubServer((_req, res) => res.end());
  await stub.close();
  return stub.url;
}
