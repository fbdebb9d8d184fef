import { Worker } from 'node:worker_threads';
import { THREAD_PROGRAM } from './pglite-thread-program.ts';
import type { WireDatabase } from './pglite-wire.ts';

/** Where the embedded database keeps its data (null: in memory) and how PostgreSQL starts. */
export interface PgliteThreadOptions {
  readonly dataDir: string | null;
  readonly startParams: readonly string[];
}

interface Reply {
  readonly id: number;
  readonly answer?: Uint8Array;
  readonly error?: string;
}

interface Waiting {
  resolve(answer: Uint8Array | undefined): void;
  reject(error: Error): void;
}

/**
 * PGlite in a thread of its own. PostgreSQL compiled to WebAssembly runs synchronously: on the service's thread,
 * every statement stopped HTTP parsing, validation and JSON for as long as it ran, and a two-core machine used
 * one. Here statements run beside the service's own work, and the pool's connections keep the thread busy: one
 * connection's next statement waits there while another's runs (pglite-thread-program.ts shares PGlite's one
 * session among them, a transaction at a time).
 */
export class PgliteThread {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;
  private connections = 0;
  private failure: Error | undefined;

  private constructor(worker: Worker) {
    this.worker = worker;
    worker.on('message', (reply: Reply) => this.settle(reply));
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => this.fail(new Error(`the embedded database's thread ended (exit code ${code})`)));
  }

  /** Starts the thread and PostgreSQL in it; resolves once it answers, rejects with PGlite's own error. */
  static async start(options: PgliteThreadOptions): Promise<PgliteThread> {
    const workerData = { pgliteUrl: import.meta.resolve('@electric-sql/pglite'), dataDir: options.dataDir, startParams: [...options.startParams] };
    const thread = new PgliteThread(new Worker(THREAD_PROGRAM, { eval: true, workerData }));
    try {
      await thread.reply(0);
      return thread;
    } catch (error) {
      await thread.worker.terminate();
      throw error;
    }
  }

  /** A connection of its own to the session, for one PgliteWire. */
  connect(): WireDatabase {
    const connection = ++this.connections;
    return {
      exchange: async (messages) => {
        // A copy of its own, moved (not cloned) to the thread: `messages` may be a slice of a shared buffer pool.
        const bytes = new Uint8Array(messages);
        return (await this.send({ kind: 'exchange', connection, bytes }, [bytes.buffer])) ?? new Uint8Array(0);
      },
      rollBackLeftOpen: async () => void (await this.send({ kind: 'end', connection })),
    };
  }

  /** Closes the database (its last writes reach the data folder), then ends the thread; safe to call twice. */
  async close(): Promise<void> {
    if (!this.failure) await this.send({ kind: 'close' }).catch(() => undefined);
    await this.worker.terminate();
  }

  private send(request: { kind: string; connection?: number; bytes?: Uint8Array }, transfer: ArrayBuffer[] = []): Promise<Uint8Array | undefined> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    const answer = this.reply(id);
    this.worker.postMessage({ id, ...request }, transfer);
    return answer;
  }

  private reply(id: number): Promise<Uint8Array | undefined> {
    return new Promise((resolve, reject) => void this.waiting.set(id, { resolve, reject }));
  }

  private settle({ id, answer, error }: Reply): void {
    const waiting = this.waiting.get(id);
    this.waiting.delete(id);
    if (error === undefined) waiting?.resolve(answer);
    else waiting?.reject(new Error(error));
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiting of this.waiting.values()) waiting.reject(error);
    this.waiting.clear();
  }
}
