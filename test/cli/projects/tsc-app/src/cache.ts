export class Cache {
  query(key: string): string | undefined {
    return key;
  }
  lookup(key: string): string | undefined {
    return key;
  }
}

const cache = new Cache();
export const hit = cache.query('users') ?? cache.lookup('users');
