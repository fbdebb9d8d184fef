/**
 * The program of the embedded database's thread (pglite-thread.ts), as source: Node runs it as a CommonJS script
 * and Deno as an ES module, so it needs no file of its own beside `npm start`'s bundle and nothing to transpile.
 * It imports PGlite by the URL the service resolved and starts it, then answers requests.
 *
 * PGlite has one session; the service's pool has several connections. The thread shares the session among
 * them as a pooler in transaction mode does: requests run one at a time in the order they came, except that
 * while one connection's transaction is open (the session is in a transaction block after its request), only
 * that connection's requests run. Every other request is a whole statement with its Sync (pglite-wire.ts), so
 * two connections never interleave inside a statement or a transaction. Named prepared statements belong to
 * the session: the first connection that prepares one prepares it for all, and a later Parse of the same name
 * and text is answered with ParseComplete without reaching PGlite (PostgreSQL would refuse it as a duplicate).
 *
 * Requests: { id, kind: 'exchange', connection, bytes } → { id, answer }; { id, kind: 'end', connection } rolls
 * back that connection's open transaction; { id, kind: 'close' }. A failure answers { id, error }.
 */
export const THREAD_PROGRAM = `
(async () => {
  const { parentPort, workerData } = await import('node:worker_threads');
  let db;
  try {
    const { PGlite } = await import(workerData.pgliteUrl);
    db = await PGlite.create(workerData.dataDir === null ? { startParams: workerData.startParams }
      : { dataDir: workerData.dataDir, startParams: workerData.startParams });
  } catch (error) {
    parentPort.postMessage({ id: 0, error: String((error && error.stack) || error) });
    return;
  }

  const PARSE = 0x50;
  const PARSE_COMPLETE = new Uint8Array([0x31, 0, 0, 0, 4]);
  const decoder = new TextDecoder();
  const prepared = new Map(); // statement name -> its text
  const waiting = [];
  let owner; // the connection whose open transaction holds the session
  let draining = false;

  const concat = (chunks) => {
    const all = new Uint8Array(chunks.reduce((size, chunk) => size + chunk.length, 0));
    let at = 0;
    for (const chunk of chunks) { all.set(chunk, at); at += chunk.length; }
    return all;
  };
  const cString = (bytes, from) => {
    const end = bytes.indexOf(0, from);
    return { text: decoder.decode(bytes.subarray(from, end)), next: end + 1 };
  };
  // The name, text and length of a named Parse that starts the request; undefined for anything else.
  const namedParse = (bytes) => {
    if (bytes.length < 5 || bytes[0] !== PARSE) return undefined;
    const length = 1 + new DataView(bytes.buffer, bytes.byteOffset).getInt32(1);
    const name = cString(bytes, 5);
    if (name.text === '') return undefined;
    return { name: name.text, text: cString(bytes, name.next).text, length };
  };
  const raw = async (bytes) => {
    const chunks = [];
    await db.execProtocolRawStream(bytes, { onRawData: (data) => void chunks.push(data.slice()) });
    return concat(chunks);
  };

  const run = {
    async exchange({ connection, bytes }) {
      const parse = namedParse(bytes);
      const known = parse !== undefined && prepared.get(parse.name) === parse.text;
      const answer = await raw(known ? bytes.subarray(parse.length) : bytes);
      if (parse && !known && answer[0] === PARSE_COMPLETE[0]) prepared.set(parse.name, parse.text);
      owner = db.isInTransaction() ? connection : undefined;
      return known ? concat([PARSE_COMPLETE, answer]) : answer;
    },
    async end({ connection }) {
      if (owner !== connection) return;
      owner = undefined;
      if (db.isInTransaction()) await db.exec('rollback');
    },
    async close() {
      await db.close();
    },
  };

  const admissible = (request) => owner === undefined || request.connection === owner || request.kind === 'close';
  const drain = async () => {
    draining = true;
    for (let next; (next = waiting.findIndex(admissible)) !== -1;) {
      const [request] = waiting.splice(next, 1);
      try {
        const answer = await run[request.kind](request);
        parentPort.postMessage({ id: request.id, answer }, answer ? [answer.buffer] : []);
      } catch (error) {
        parentPort.postMessage({ id: request.id, error: String((error && error.stack) || error) });
      }
    }
    draining = false;
  };
  parentPort.on('message', (request) => {
    waiting.push(request);
    if (!draining) void drain();
  });
  parentPort.postMessage({ id: 0 });
})();
`;
