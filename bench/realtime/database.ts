import pg from 'pg';

/** The database the real-time and outbound sections create and drop on the PostgreSQL server they are given. */
export const BENCH_DATABASE = 'switchboard_bench_realtime';

/** Runs `work` on a new, empty BENCH_DATABASE on the server of `serverUrl`, dropped afterwards. */
export async function withFreshDatabase<T>(serverUrl: string, work: (url: string) => Promise<T>): Promise<T> {
  await dropDatabase(serverUrl);
  await admin(serverUrl, `create database ${BENCH_DATABASE}`);
  const url = new URL(serverUrl);
  url.pathname = `/${BENCH_DATABASE}`;
  try {
    return await work(url.toString());
  } finally {
    await dropDatabase(serverUrl);
  }
}

const dropDatabase = (serverUrl: string) => admin(serverUrl, `drop database if exists ${BENCH_DATABASE} with (force)`);

async function admin(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
