import { Client } from 'pg';

const client = new Client();

export async function users(): Promise<unknown[]> {
  const result = await client.query('select * from users');
  return result.rows;
}
