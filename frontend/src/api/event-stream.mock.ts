/** The server side of one stream request in tests: the test writes SSE text into the body and ends it. */
export class FakeEventStream {
  private controller!: ReadableStreamDefaultController<Uint8Array>;
  readonly body = new ReadableStream<Uint8Array>({ start: (c) => void (this.controller = c) });
  write(text: string): void {
    this.controller.enqueue(new TextEncoder().encode(text));
  }
  /** One event: `event:<name>`, an optional id, `data:<json>`. */
  event(name: string, data: unknown, id?: string): void {
    this.write(`event:${name}\n${id ? `id:${id}\n` : ''}data:${JSON.stringify(data)}\n\n`);
  }
  end(): void {
    this.controller.close();
  }
  response(status = 200, type = 'text/event-stream'): Response {
    return new Response(this.body, { status, headers: { 'content-type': type } });
  }
}
