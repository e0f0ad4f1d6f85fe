// Creates the development and test databases when they are missing. Connects to the server's maintenance
// database ("postgres") with the same credentials. Never prints passwords.
import pg from 'pg';

const LOCAL = 'postgres://postgres@127.0.0.1:5432';
const targets = [
  process.env.DATABASE_URL || `${LOCAL}/mobileplans`,
  process.env.TEST_DATABASE_URL || `${LOCAL}/mobileplans_test`,
];

async function ensure(urlText) {
  const url = new URL(urlText);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`unsupported database name "${name}"`);
  const admin = new URL(urlText);
  admin.pathname = '/postgres';
  const client = new pg.Client({
    connectionString: admin.toString(),
    connectionTimeoutMillis: 5000,
  });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE "${name}"`);
      console.error(`[postgres] created database ${name} on ${url.host}`);
    }
  } finally {
    await client.end();
  }
}

try {
  for (const target of new Set(targets)) await ensure(target);
} catch (error) {
  console.error(
    `[postgres] cannot prepare the databases: ${error instanceof Error ? error.message : error}`,
  );
  process.exit(1);
}
