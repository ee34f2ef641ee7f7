/**
 * The public rule format. These field names are what users write in rule files
 * (JSON/YAML) and in `defineRule({...})`; keep them stable.
 */

/** Where a rule attaches. */
export type JoinKind = 'call' | 'method' | 'new' | 'function' | 'callback-arg';

/** How the runtime decides when the span ends. */
export type ResultMode = 'auto' | 'promise' | 'callback' | 'sync' | 'iterable' | 'install';

/** OpenTelemetry span kind, spelled in lower case. */
export type SpanKindName = 'internal' | 'server' | 'client' | 'producer' | 'consumer';

/** Attribute values a rule may set statically. */
export type StaticAttributeValue = string | number | boolean;

/** The span a rule opens. */
export interface RuleSpan {
  /** Span name; defaults to the rule id. A hook may compute a better one at run time. */
  name?: string;
  /** Span kind; defaults to `internal`. */
  kind?: SpanKindName;
  /** Attributes set on every span of this rule. */
  attributes?: Record<string, StaticAttributeValue>;
  /**
   * Attributes read from the call's arguments by a small path language:
   * `args[0]`, `args[1].method`, `args[0]["x-y"]`, alternatives with `??`.
   * Never evaluated as code.
   */
  args?: Record<string, string>;
}

/** One rule of the catalog or of a user's rule file. */
export interface Rule {
  /** Unique dotted id: `<library>.<operation>`. */
  id: string;
  join: JoinKind;
  /** Package name, `"global"`, or a project glob such as `"./src/db/**"`. */
  module?: string;
  /** `call`/`new`: export name, list of names, or `"*"`. */
  export?: string | string[];
  /** `method`: receiver class(es) exported by `module`, or `"*"`: every class and interface declared in it. */
  class?: string | string[];
  /** `method`: method name, list, or `"*"`; `function`: function name glob. */
  name?: string | string[];
  /** `method`: property path from an instance, e.g. `chat.completions.create`. */
  path?: string;
  /** Semver range the installed package must satisfy. */
  versions?: string;
  span?: RuleSpan;
  /** Runtime hook module id (see `src/runtime/hooks/`). */
  hooks?: string;
  /**
   * Result mode; defaults to `auto`. `install` (join `call`/`method`/`new`, with `hooks`): no
   * span; the hook's `install()` receives the call's result (a server root).
   */
  result?: ResultMode;
  /**
   * `callback-arg`: which arguments of the matched call are the callbacks to wrap:
   * `args[1]` (one argument), `args[1..]` (every argument from index 1 on that is a function
   * at run time), `args[0].callback` / `args[0]["on-message"]` (a property of an options object).
   */
  callback?: string;
}

/** A compiled `callback` selector: `args[1..]` → `{ index: 1, rest: true }`. */
export interface CallbackSelector {
  /** Position of the (first) selected argument. */
  index: number;
  /** `args[N..]`: every argument from `index` on. */
  rest: boolean;
  /** `args[N].prop`: the property of the options object at `index` that holds the callback. */
  property?: string;
}

/**
 * A compiled argument path: `[argIndex, ...propertyKeys]`.
 * `args[0].headers["x-a"]` compiles to `[0, "headers", "x-a"]`.
 */
export type ArgPath = [number, ...(string | number)[]];

/** A rule after validation: lists normalised, defaults filled, arg paths compiled. */
export interface ResolvedRule {
  id: string;
  join: JoinKind;
  module: string | undefined;
  exports: string[];
  classes: string[];
  names: string[];
  path: string[];
  versions: string | undefined;
  span: {
    name: string;
    kind: SpanKindName;
    attributes: Record<string, StaticAttributeValue>;
    /** attribute name → alternatives tried left to right (`??`). */
    args: Record<string, ArgPath[]>;
  };
  hooks: string | undefined;
  result: ResultMode;
  /** `callback-arg` rules: which arguments are the callbacks. */
  callback?: CallbackSelector;
  /**
   * Options for the rule's hook, from the build's plugin options (e.g. the server hooks'
   * `ignorePaths`), embedded in the site table as `SpanSpec.o`. JSON data only.
   */
  hookOptions?: Record<string, unknown>;
  /** Where the rule came from: `builtin`, or the rule file / tsconfig path. */
  source: string;
}

/**
 * What a library's calls return, for the matcher without a type checker (the
 * bundler path): which class a factory's result, a default export or an
 * instance method's result is an instance of, so that `mysql.createPool()`,
 * `new Redis()` (a default export) or `await pool.connect()` flow to the next
 * method call. Under tsc the checker knows all of this from the typings.
 * Part of the built-in catalog (one declaration per library entry point,
 * beside its rules).
 */
export interface LibraryTypes {
  /** The module as imported: `pg`, `mysql2/promise`, `ioredis`. */
  module: string;
  /**
   * Keys: an export name (a factory function: `createPool`), `default` (the
   * module's default export or `module.exports` is itself a class, or a factory
   * called with or without `new`: `express()`), or
   * `Class#method` (an instance method of a class of this module; its result,
   * awaited or not). Values: a class name of this module, or
   * `other-module:Class`.
   */
  returns: Readonly<Record<string, string>>;
  /**
   * Exports that are themselves instances, created once by the module: export
   * name → class name of this module (or `other-module:Class`). `@nestjs/core`
   * exports `NestFactory`, an instance of `NestFactoryStatic`, so
   * `NestFactory.create()` is that class's `create` for a method rule.
   */
  instances?: Readonly<Record<string, string>>;
  /**
   * Packages whose declarations are this module's classes (`redis` re-exports
   * `@redis/client`): under tsc a rule for `module` also matches types declared there.
   */
  declaredIn?: readonly string[];
}
