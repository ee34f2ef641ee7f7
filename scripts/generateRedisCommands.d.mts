/** A client's command list, as installed. */
export interface CommandSource {
  /** The package as package.json names it (`redis4` for node-redis 4). */
  pkg: string;
  version: string;
  /** `@ioredis/commands` or `@redis/client`. */
  table: string;
  tableVersion: string;
  /** Method names, in the table's order. */
  names: string[];
}
/** A node-redis command table: its commands too, and `require` as the package resolves. */
export interface NodeRedisSource extends CommandSource {
  commands: Record<string, { transformArguments?: (...args: unknown[]) => unknown; parseCommand?: (parser: unknown, ...args: unknown[]) => void }>;
  require: NodeJS.Require;
}
export declare const TARGET: string;
export declare const IOREDIS_PACKAGES: string[];
export declare const NODE_REDIS_PACKAGES: string[];
export declare function ioredisSource(pkg: string): CommandSource;
export declare function nodeRedisSource(pkg: string): NodeRedisSource;
export declare function generateRedisCommands(): string;
