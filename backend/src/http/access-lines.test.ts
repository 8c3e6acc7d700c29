import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { JsonAccessLines, type AccessLine } from './access-lines.ts';

function collector(chunks: string[]) {
  return new Writable({
    write(chunk, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
}

const LINE: AccessLine = {
  reqId: 'req-7',
  method: 'GET',
  route: '/api/namespaces/:namespace/notebooks/:notebook',
  url: '/api/namespaces/team-a/notebooks/a%22b?x="\\\n\u2028',
  status: 200,
  ms: 0.42,
  user: 'alice@example.com',
};

describe('JsonAccessLines', () => {
  it('writes the line pino writes for the same fields: same keys, same order, same escaping', () => {
    const base = { app: 'jupyter-apis', version: '1.2.3' };
    const ours: string[] = [];
    const theirs: string[] = [];
    new JsonAccessLines(collector(ours), base, 'info', { batchMs: 0 }).write(LINE);
    pino({ level: 'info', base }, collector(theirs)).info({ ...LINE }, 'request completed');
    const withoutTime = (line: string) => line.replace(/"time":\d+/, '"time":0');
    expect(ours).toHaveLength(1);
    expect(withoutTime(ours[0]!)).toBe(withoutTime(theirs[0]!));
    expect(JSON.parse(ours[0]!)).toMatchObject({ url: LINE.url, route: LINE.route, user: LINE.user });
  });

  it('writes null route and user as JSON null', () => {
    const ours: string[] = [];
    new JsonAccessLines(collector(ours), {}, 'debug', { batchMs: 0 }).write({ ...LINE, route: null, user: null });
    expect(JSON.parse(ours[0]!)).toMatchObject({ level: 30, route: null, user: null, msg: 'request completed' });
  });

  it('writes nothing when the log level is above info', () => {
    const ours: string[] = [];
    const warn = new JsonAccessLines(collector(ours), {}, 'warn', { batchMs: 0 });
    const silent = new JsonAccessLines(collector(ours), {}, 'silent');
    warn.write(LINE);
    silent.write(LINE);
    silent.flush();
    expect(ours).toEqual([]);
  });

  describe('batching', () => {
    beforeEach(() => vi.useFakeTimers());
    afterEach(() => vi.useRealTimers());

    it('hands the lines of one batch window to the destination in one write', () => {
      const chunks: string[] = [];
      const lines = new JsonAccessLines({ write: (c: string) => chunks.push(c) }, {}, 'info', { batchMs: 100 });
      lines.write({ ...LINE, reqId: 'req-1' });
      lines.write({ ...LINE, reqId: 'req-2' });
      vi.advanceTimersByTime(99);
      expect(chunks).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(chunks).toHaveLength(1);
      expect(
        chunks[0]!
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l).reqId),
      ).toEqual(['req-1', 'req-2']);
      lines.write({ ...LINE, reqId: 'req-3' });
      vi.advanceTimersByTime(100);
      expect(chunks).toHaveLength(2);
      vi.advanceTimersByTime(1000);
      expect(chunks).toHaveLength(2);
    });

    it('hands over at once when flushed, and when a batch grows large', () => {
      const chunks: string[] = [];
      const lines = new JsonAccessLines({ write: (c: string) => chunks.push(c) }, {}, 'info', { batchMs: 100 });
      lines.write(LINE);
      lines.flush();
      expect(chunks).toHaveLength(1);
      lines.flush();
      expect(chunks).toHaveLength(1);
      for (let i = 0; i < 1000; i++) lines.write({ ...LINE, reqId: `req-${i}` });
      expect(chunks.length).toBeGreaterThan(1);
      lines.flush();
      const written = chunks.slice(1).join('').split('\n').filter(Boolean);
      expect(written.map((l) => JSON.parse(l).reqId)).toEqual(Array.from({ length: 1000 }, (_, i) => `req-${i}`));
    });
  });
});
