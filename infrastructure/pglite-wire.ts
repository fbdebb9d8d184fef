import { Duplex } from 'node:stream';

/** What the wire needs of a PGlite instance. */
export interface WireDatabase {
  runExclusive<T>(work: () => Promise<T>): Promise<T>;
  execProtocolRawStream(message: Uint8Array, options: { onRawData: (data: Uint8Array) => void }): Promise<unknown>;
  isInTransaction(): boolean;
  exec(sql: string): Promise<unknown>;
}

const TERMINATE = 0x58; // 'X'
const STARTUP_HEADER = 8; // length and protocol version, no type byte

/**
 * The PostgreSQL wire protocol to the PGlite of this process, as a stream node-postgres can use instead of
 * a socket (its `stream` option). A loopback socket cost two send and two receive calls per statement in
 * the same thread as everything else; here the client's bytes go to PGlite and its answer comes back as
 * data. Every complete message written since the last call goes in one call (a statement's Parse, Bind,
 * Describe, Execute and Sync together), in the order written. Terminate is not passed on: the connection
 * ends here, and a transaction it left open is rolled back, as a server does for a closed connection.
 */
export class PgliteWire extends Duplex {
  private readonly db: WireDatabase;
  private pending: Buffer = Buffer.alloc(0);
  private started = false;
  private released = false;
  private inFlight: Promise<void> = Promise.resolve();

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
    const sending = this.send(forwarded);
    this.inFlight = sending.catch(() => {});
    sending.then(() => callback(), (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.rollBackLeftOpen().then(() => {
      this.push(null);
      callback();
    }, (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
  }

  // A connection destroyed without ending (a client's error) must not leave the session in its transaction
  // either: the pool's next connection would run inside it.
  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.rollBackLeftOpen().then(() => callback(error), () => callback(error));
  }

  private async send(messages: readonly Buffer[]): Promise<void> {
    if (messages.length === 0) return;
    // PGlite runs on this thread: let the event loop read sockets first (as a socket hop did), so webhooks that
    // arrived meanwhile join the next group commit instead of each waiting for a statement of its own.
    await new Promise<void>((resolve) => setImmediate(resolve));
    // Destroyed meanwhile: its statement must not run after the rollback of what the connection left open.
    if (this.destroyed) return;
    const bytes = messages.length === 1 ? messages[0]! : Buffer.concat(messages);
    await this.db.runExclusive(() => this.db.execProtocolRawStream(bytes, { onRawData: (data) => void this.push(Buffer.from(data)) }));
  }

  // Once per connection, when it ends or is destroyed, whichever comes first: later, the one session may be in
  // the next connection's transaction.
  // A destroy does not wait for a write in flight: its statement runs (or is dropped) first, then this checks.
  private async rollBackLeftOpen(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await this.inFlight;
    if (this.db.isInTransaction()) await this.db.exec('rollback');
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
