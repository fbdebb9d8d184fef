// The embedded database's start-up floor (bench/footprint/startup.ts): plain `node` opens PGlite on the service's
// data folder with the service's start parameters, runs one query, then answers /health. Plain JavaScript, as the
// service's bundle is: no loader. PGLITE_DATA_DIR and PGLITE_START_PARAMS (JSON) come from the bench.
import { createServer } from 'node:http';
import { PGlite } from '@electric-sql/pglite';

const db = await PGlite.create({ dataDir: process.env.PGLITE_DATA_DIR, startParams: JSON.parse(process.env.PGLITE_START_PARAMS ?? '[]') });
await db.query('select 1');
const server = createServer((_request, response) => response.end('ok')).listen(Number(process.env.PORT), '127.0.0.1');
process.once('SIGTERM', () => server.close(() => void db.close().then(() => process.exit(0))));
