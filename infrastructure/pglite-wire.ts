import { Duplex } from 'node:stream';

/** What the wire needs of the embedded database (pglite-thread.ts): protocol bytes in, protocol bytes out, in order. */
export interface WireDatabase {
  exchange(messages: Uint8Array): Promise<Uint8Array>;
  rollBackLeftOpen(): Promise<void>;
}

const TERMINATE = 0x58; // 'X'
const STARTUP_HEADER = 8; // length and protocol version, no type byte

/**
 * The PostgreSQL wire protocol to the embedded PGlite, as a stream node-postgres can use instead of a socket
 * (its `stream` option). A loopback socket cost two send and two receive calls per statement, and PGlite one
 * call per protocol message; here every complete message written since the last exchange goes in one (a
 * statement's Parse, Bind, Describe, Execute and Sync together), in the order written, and the answer comes
 * back as data. Terminate is not passed on: the connection ends here, and a transaction it left open is rolled
 * back, as a server does for a closed connection.
 */
export class PgliteWire extends Duplex {
  private readonly db: WireDatabase;
  private pending: Buffer = Buffer.alloc(0);
  private started = false;

  constructor(db: WireDatabase) {
    super();
    this.db = db;
  }

  /** Called by node-postgres as on a socket; there is nothing to connect to. */
  connect(): this {
    process.nextTick(() => this.emit('connect'));
    return this;
  }

  setNoDelay(): this {
    return this;
  }

  setKeepAlive(): this {
    return this;
  }

  ref(): this {
    return this;
  }

  unref(): this {
    return this;
  }

  override _read(): void {}

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this._writev([{ chunk }], callback);
  }

  // node-postgres corks a statement's messages: they arrive here together and reach PGlite in one call.
  override _writev(chunks: Array<{ chunk: Buffer }>, callback: (error?: Error | null) => void): void {
    this.pending = Buffer.concat([this.pending, ...chunks.map((c) => c.chunk)]);
    const { messages, end } = wholeMessages(this.pending, !this.started);
    if (messages.length === 0) return callback();
    this.pending = this.pending.subarray(end);
    // Terminate is not passed on: it would end PGlite's one session for every later connection too.
    const forwarded = messages.filter((message, i) => (i === 0 && !this.started) || message[0] !== TERMINATE);
    this.started = true;
    this.send(forwarded).then(() => callback(), (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.db.rollBackLeftOpen().then(() => {
      this.push(null);
      callback();
    }, (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
  }

  // A connection destroyed without ending (a client's error) must not keep the session in its transaction either.
  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.db.rollBackLeftOpen().then(() => callback(error), () => callback(error));
  }

  private async send(messages: readonly Buffer[]): Promise<void> {
    if (messages.length === 0) return;
    const answer = await this.db.exchange(messages.length === 1 ? messages[0]! : Buffer.concat(messages));
    if (answer.byteLength > 0) this.push(Buffer.from(answer.buffer, answer.byteOffset, answer.byteLength));
  }

}

/** The whole messages at the start of `bytes` (the first one a startup message, which has no type byte, when `startup`), and where they end. */
function wholeMessages(bytes: Buffer, startup: boolean): { messages: Buffer[]; end: number } {
  const messages: Buffer[] = [];
  let end = 0;
  for (let first = startup; ; first = false) {
    if (bytes.length - end < (first ? STARTUP_HEADER : 5)) break;
    const size = first ? bytes.readInt32BE(end) : 1 + bytes.readInt32BE(end + 1);
    if (bytes.length - end < size) break;
    messages.push(bytes.subarray(end, end + size));
    end += size;
  }
  return { messages, end };
}
