/**
 * Public entry `tracewright`: what users import to write rules and options in
 * TypeScript. Keep this a list of re-exports.
 */
export { defineRule } from './rules/defineRule.js';
export { defineConfig } from './config/defineConfig.js';
export { TracewrightError } from './errors.js';
export type { TracewrightProblem, ProblemLocation } from './errors.js';
export type { Rule, RuleSpan, JoinKind, ResultMode, SpanKindName, StaticAttributeValue } from './rules/types.js';
export type { TracewrightOptions } from './options.js';
export { builtinRules } from './rules/index.js';
export type { TracewrightPluginOptions } from './plugins/pluginState.js';
