export declare function runtimeEntries(esmDir: string): Record<string, string>;
export declare function bundleRuntime(dist: string): Promise<string[]>;
