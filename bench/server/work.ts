// The "little work" each request of the bench apps does, shared by the Express and the Fastify
// app so both spend the same CPU outside their framework: builds a small list, serializes it and
// hashes the text (FNV-1a). A few µs; enough that a request is more than the framework's own path.
export function checksum(seed: string): number {
  const items = [];
  for (let i = 0; i < 16; i++) items.push({ i, label: `${seed}-${i}`, even: i % 2 === 0 });
  const text = JSON.stringify(items);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The body `POST /orders/:orderId/items` expects (the load generator sends this). */
export interface OrderItem {
  sku: string;
  qty: number;
  price: number;
}

/** What both apps answer to the item post: the same for every framework, so the bench can compare bodies. */
export function addItem(orderId: string, item: OrderItem): { orderId: string; sku: string; total: number; checksum: number } {
  return { orderId, sku: item.sku, total: item.qty * item.price, checksum: checksum(`${orderId}:${item.sku}`) };
}

/** What both apps answer to `GET /users/:id`. */
export function user(id: string): { id: string; name: string; checksum: number } {
  return { id, name: `user-${id}`, checksum: checksum(id) };
}

/** Tells the bench which port the server listens on (one JSON line on stdout). */
export function announce(port: number): void {
  process.stdout.write(JSON.stringify({ port }) + '\n');
}
