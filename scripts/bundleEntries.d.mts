export declare const BUNDLED_ENTRIES: { cjs: string[]; esm: string[] };
export declare const EXTERNAL: string[];
export declare function bundleEntries(dist: string): void;
