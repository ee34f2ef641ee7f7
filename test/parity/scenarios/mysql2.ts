/**
 * The mysql2 scenario, against MariaDB (mysql2 speaks its protocol): a
 * connection used through the callback API and through `.promise()`, and a
 * one-connection promise pool.
 */
import type { Scenario } from '../scenario.js';

export const mysql2Scenario: Scenario = {
  library: 'mysql2',
  title: 'mysql2',
  module: 'mysql2',
  service: 'mariadb',
  official: { package: '@opentelemetry/instrumentation-mysql2', className: 'MySQL2Instrumentation' },
  placeholder: '<table>',
  imports: `
import mysql from 'mysql2';

const config = { host: '127.0.0.1', port: 3306, user: 'root', database: 'test' };`,
  setup: `
const connection = mysql.createConnection(config);
const db = connection.promise();
const pool = mysql.createPool({ ...config, connectionLimit: 1 }).promise();
await db.query(\`CREATE TABLE \${t} (id int PRIMARY KEY, name varchar(64) NOT NULL)\`);
await db.query(\`INSERT INTO \${t} VALUES (1, 'ada'), (2, 'grace')\`);`,
  teardown: `
await db.query(\`DROP TABLE IF EXISTS \${t}\`);
await db.end();
await pool.end();`,
  operations: [
    { id: 'select', title: 'success query, no values', code: 'await db.query(`SELECT name FROM ${t} ORDER BY id`);' },
    { id: 'inlined', title: 'literal values inlined in the text', code: "await db.query(`SELECT name FROM ${t} WHERE id = 1 AND name <> 'x'`);" },
    { id: 'parameterised', title: 'parameterised query (sql, values)', code: 'await db.query(`SELECT name FROM ${t} WHERE id = ?`, [2]);' },
    { id: 'execute', title: 'prepared statement (execute)', code: 'await db.execute(`SELECT name FROM ${t} WHERE id = ?`, [1]);' },
    { id: 'insert', title: 'parameterised INSERT', code: "await db.execute(`INSERT INTO ${t} VALUES (?, ?)`, [3, 'edsger']);" },
    { id: 'error', title: 'failing query (no such table, error 1146)', code: 'await db.query(`SELECT * FROM ${t}_missing`);', fails: true },
    {
      id: 'callback',
      title: 'callback API',
      code: 'await new Promise((resolve, reject) => connection.query(`SELECT count(*) AS n FROM ${t}`, (error, rows) => (error ? reject(error) : resolve(rows))));',
    },
    { id: 'pool-query', title: 'pool query (the pool opens its connection)', code: 'await pool.query(`SELECT name FROM ${t} WHERE id = ?`, [1]);' },
    {
      id: 'pool-connection',
      title: 'pool connection: getConnection, execute, release',
      code: `
const pooled = await pool.getConnection();
try {
  await pooled.execute(\`UPDATE \${t} SET name = ? WHERE id = ?\`, ['ada', 1]);
} finally {
  pooled.release();
}`,
    },
  ],
};
