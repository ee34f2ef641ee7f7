/**
 * The pg scenario: a `Client` for most operations, a one-connection `Pool`
 * for the pool forms. The table is created in the setup, outside every
 * operation, and dropped in the teardown.
 */
import type { Scenario } from '../scenario.js';

export const pgScenario: Scenario = {
  library: 'pg',
  title: 'pg (node-postgres)',
  module: 'pg',
  service: 'postgresql',
  official: { package: '@opentelemetry/instrumentation-pg', className: 'PgInstrumentation' },
  placeholder: '<table>',
  imports: `
import { Client, Pool } from 'pg';

const config = { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' };`,
  setup: `
const client = new Client(config);
await client.connect();
const pool = new Pool({ ...config, max: 1 });
await client.query(\`CREATE TABLE \${t} (id int PRIMARY KEY, name text NOT NULL)\`);
await client.query(\`INSERT INTO \${t} VALUES (1, 'ada'), (2, 'grace')\`);`,
  teardown: `
await client.query(\`DROP TABLE IF EXISTS \${t}\`);
await client.end();
await pool.end();`,
  operations: [
    { id: 'select', title: 'success query, no values', code: 'await client.query(`SELECT name FROM ${t} ORDER BY id`);' },
    { id: 'inlined', title: 'literal values inlined in the text', code: "await client.query(`SELECT name FROM ${t} WHERE id = 1 AND name <> 'x'`);" },
    { id: 'parameterised', title: 'parameterised query (text, values)', code: 'await client.query(`SELECT name FROM ${t} WHERE id = $1`, [2]);' },
    {
      id: 'prepared',
      title: 'named prepared statement (config object)',
      code: "await client.query({ name: 'tw_parity_by_id', text: `SELECT name FROM ${t} WHERE id = $1`, values: [1] });",
    },
    { id: 'insert', title: 'parameterised INSERT', code: "await client.query(`INSERT INTO ${t} VALUES ($1, $2)`, [3, 'edsger']);" },
    { id: 'error', title: 'failing query (undefined table, SQLSTATE 42P01)', code: 'await client.query(`SELECT * FROM ${t}_missing`);', fails: true },
    {
      id: 'callback',
      title: 'callback form',
      code: 'await new Promise((resolve, reject) => client.query(`SELECT count(*) FROM ${t}`, (error, result) => (error ? reject(error) : resolve(result))));',
    },
    { id: 'pool-query', title: 'Pool#query (the pool opens its connection)', code: 'await pool.query(`SELECT name FROM ${t} WHERE id = $1`, [1]);' },
    {
      id: 'pool-connect',
      title: 'Pool#connect, a query on the pool client, release',
      code: `
const pooled = await pool.connect();
try {
  await pooled.query(\`UPDATE \${t} SET name = $1 WHERE id = $2\`, ['ada', 1]);
} finally {
  pooled.release();
}`,
    },
    {
      id: 'client-connect',
      title: 'Client#connect of a new client',
      code: `
const other = new Client(config);
await other.connect();
await other.end();`,
    },
  ],
  role: (name) => (/(^|\.)connect$/.test(name) ? name : 'query'),
};
