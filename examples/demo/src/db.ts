/** The product database: one pg Pool (DATABASE_URL), queried with parameterised SQL. */
import { Pool } from 'pg';

export const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 4 });

export interface Product {
  id: number;
  name: string;
  price_cents: number;
  sku: string;
}

export async function findProduct(id: number): Promise<Product | undefined> {
  const result = await pool.query<Product>('SELECT id, name, price_cents, sku FROM demo_products WHERE id = $1', [id]);
  return result.rows[0];
}

/** Orders were never migrated in the demo database: this query fails, on purpose. */
export async function ordersOf(productId: number): Promise<unknown[]> {
  const result = await pool.query('SELECT id, quantity FROM demo_orders WHERE product_id = $1', [productId]);
  return result.rows;
}
