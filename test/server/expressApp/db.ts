// The service's database module: one pool, shared by the route modules.
import { Pool } from 'pg';

export const pool = new Pool({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test', max: 2 });
