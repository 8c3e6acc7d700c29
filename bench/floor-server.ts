import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

/**
 * The floor: a bare node:http server answering with the same bytes (headers and body) our server
 * sent for each measured route, so that any difference is our server's own work.
 * Usage: node bench/floor-server.ts <port> <answers.json>, where answers.json maps a path to
 * `{ headers, body }` (body in base64).
 */
interface Answer {
  headers: Record<string, string>;
  body: string;
}

const [port, file] = process.argv.slice(2);
if (!port || !file) throw new Error('usage: floor-server.ts <port> <answers.json>');
const answers = new Map(
  Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, Answer>).map(([path, answer]) => {
    const body = Buffer.from(answer.body, 'base64');
    return [path, { headers: { ...answer.headers, 'content-length': String(body.length) }, body }];
  }),
);
const server = createServer((request, response) => {
  const answer = answers.get(request.url ?? '/');
  if (!answer) {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(200, answer.headers);
  response.end(answer.body);
});
server.keepAliveTimeout = 120_000;
server.listen(Number(port), '127.0.0.1', () => process.stdout.write('listening\n'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
