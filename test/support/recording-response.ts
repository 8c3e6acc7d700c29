import { EventEmitter } from 'node:events';

/**
 * A stand-in for the `ServerResponse` a live stream writes to: it records the bytes, whether the
 * stream ended or was destroyed, and parses the Server-Sent Events written so far.
 */
export class RecordingResponse extends EventEmitter {
  socket = { destroyed: false };
  destroyed = false;
  writableLength = 0;
  text = '';
  ended = false;
  writeHead() {}
  flushHeaders() {}
  write(chunk: Buffer) {
    this.text += chunk.toString();
    return true;
  }
  end(chunk?: Buffer) {
    if (chunk) this.text += chunk.toString();
    this.ended = true;
  }
  destroy() {
    this.destroyed = true;
  }
  events(): { event: string; id?: string; data: any }[] {
    return this.text
      .split('\n\n')
      .filter((block) => block.includes('data:'))
      .map((block) => {
        const field = (name: string) =>
          block
            .split('\n')
            .find((l) => l.startsWith(`${name}:`))
            ?.slice(name.length + 1);
        return { event: field('event')!, id: field('id'), data: JSON.parse(field('data')!) };
      });
  }
}
