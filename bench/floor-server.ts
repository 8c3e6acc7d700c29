import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

/**
 * The floor: a bare node:http server answering every request with the same bytes our server sent for
 * the 1,000-notebook list. Usage: node bench/floor-server.ts <body-file> <port>
 */
const [file, port] = process.argv.slice(2);
if (!file || !port) throw new Error('usage: floor-server.ts <body-file> <port>');
const body = readFileSync(file);
const server = createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
  response.end(body);
});
server.listen(Number(port), '127.0.0.1', () => process.stdout.write('listening\n'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
