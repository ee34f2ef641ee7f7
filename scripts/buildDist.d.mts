export declare const REPO: string;
export declare function buildToolDist(dist: string): Promise<void>;
export declare function buildRuntimeDist(dist: string): Promise<void>;
