/**
 * The cache the demo uses when no Redis is configured: a map with expiry. Its
 * methods are async like a network cache's, so the app code is the same for
 * both. No library instruments it: the user rules in build.mjs do.
 */
export class MemoryCache {
  private readonly entries = new Map<string, { value: string; expires: number }>();

  async get(key: string): Promise<string | null> {
    const entry = this.entries.get(key);
    if (!entry || entry.expires < Date.now()) return null;
    return entry.value;
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    this.entries.set(key, { value, expires: Date.now() + ttlSeconds * 1000 });
  }
}
