import pg from 'pg';

/** The section's own database on the server, so its rows never mix with another section's. */
export const FOOTPRINT_DATABASE = 'switchboard_bench_footprint';

/** Creates a fresh `name` database on the server of `serverUrl`, runs `work` with its URL, then drops it. */
export async function withScratchDatabase<T>(serverUrl: string, name: string, work: (url: string) => Promise<T>): Promise<T> {
  await admin(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  try {
    return await work(url.toString());
  } finally {
    await admin(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

async function admin(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
