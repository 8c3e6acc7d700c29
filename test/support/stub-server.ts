import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';

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

export interface BlackHole {
  url: string;
  /** Connections accepted so far. */
  readonly connections: number;
  /** Connections still open (never answered, not yet given up by the client). */
  readonly open: number;
  close(): Promise<void>;
}

/** A loopback port that accepts connections and never answers: a hung Prometheus or Kubecost. */
export async function startBlackHole(): Promise<BlackHole> {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = createNetServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('data', () => undefined);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get connections() {
      return connections;
    },
    get open() {
      return sockets.size;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
