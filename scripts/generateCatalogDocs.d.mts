import type { Rule } from '../src/rules/types.js';
export declare const TARGET: string;
export declare const HOOK_EFFECTS: Record<string, string>;
export declare function renderCatalog(rules: readonly Rule[]): string;
