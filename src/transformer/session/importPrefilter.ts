/**
 * The bundler path's second prefilter, for files whose text names no rule trigger: such a file
 * can only hold a site when it calls a method rule's method on a library instance that a project
 * module exports (`import { pool } from '../db'`, through a barrel, a forwarding `export const`, or
 * an exported factory). Decided from import specifiers, never by parsing the importing file:
 *
 * 1. {@link ImportPrefilter.candidates} (text only): the modules the file imports that may export
 *    an instance, because they have a value export and name a package of a method rule, or import
 *    such a module themselves (followed through the import graph, memoised per build); plus a
 *    method rule's name somewhere in the file's text.
 * 2. {@link ImportPrefilter.confirmed} (only when the transform cache has no answer): whether the
 *    project-module view, which parses them once per build, finds such an export in one of them.
 *
 * Most modules of a service import something relative, and `get`/`set`/`query` are everywhere;
 * what few modules do is re-export a value that came from a database package.
 * @internal
 */
import { readFileSync } from 'node:fs';
import type { ProjectModuleView } from '../match/projectModules.js';
import { IMPORT_SPECIFIER } from '../match/resolveProjectSpecifier.js';
import { isProjectModule, specifierTriggers, type RuleIndex } from '../match/ruleIndex.js';

/** Every import specifier of a file's text (group 1), as the native filters read them. */
const SPECIFIERS = new RegExp(IMPORT_SPECIFIER.source, 'g');
/**
 * Export forms that can pass a value on (the view's `findExport` reads these): `export const`,
 * `export function`, `export default`, `export {`, `export *`, `export =`, `export declare`.
 * Classes, interfaces, types and enums never carry a library instance.
 */
const VALUE_EXPORT = /\bexport\s*(?:[{*=]|(?:default|const|let|var|function|async|declare)\b)/;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const WORDS = /[A-Za-z_$][\w$]*/g;
/**
 * Stands for a bare specifier nothing resolves (`'@/missing'`): it may be a project module with an
 * instance, so the file is parsed and the matcher reports such a receiver instead of dropping it.
 */
const UNRESOLVED = '\0unresolved';

/** One build's answers (see the file comment). @internal */
export class ImportPrefilter {
  /** Module → may export a library instance (text only; exact, see `search`). */
  private readonly mayExport = new Map<string, boolean>();
  /** Quoted specifiers of the packages whose instances method rules match (`'pg'`, `"ioredis"`). */
  private readonly instanceSpecifiers: string[];
  private readonly methodNames: ReadonlySet<string>;
  /** Method names a word scan cannot see (`restore-asking`): looked for as plain text. */
  private readonly otherNames: string[];

  constructor(private readonly view: ProjectModuleView, rules: RuleIndex) {
    const modules = new Set<string>();
    for (const list of rules.methods.values()) {
      for (const rule of list) if (rule.module && rule.module !== 'global' && !isProjectModule(rule.module)) modules.add(rule.module);
    }
    this.instanceSpecifiers = [...modules].flatMap(specifierTriggers);
    const names = [...rules.methods.keys()].filter((name) => name !== '*');
    this.methodNames = new Set(names.filter((name) => IDENTIFIER.test(name)));
    this.otherNames = names.filter((name) => !IDENTIFIER.test(name));
  }

  /**
   * The modules `code` imports that may export a library instance, judged from text; empty when
   * none does or the file names no method rule's method (then it holds no site).
   */
  candidates(code: string, fileName: string): string[] {
    if (this.instanceSpecifiers.length === 0) return [];
    const out: string[] = [];
    for (const file of this.imports(code, fileName)) if (file === UNRESOLVED || this.mayExportInstance(file)) out.push(file);
    return out.length > 0 && this.namesMethod(code) ? out : [];
  }

  /** Whether one of `candidates` really exports an instance or a factory of one (parses them, once per build). */
  confirmed(candidates: readonly string[]): boolean {
    return candidates.some((file) => file === UNRESOLVED || this.view.exportsAnyInstance(file));
  }

  /**
   * The project files `code`'s specifiers load, and UNRESOLVED for a bare specifier nothing
   * resolves (the view's resolver memoises answers per directory and specifier).
   */
  private imports(code: string, fileName: string): string[] {
    const out: string[] = [];
    for (const m of code.matchAll(SPECIFIERS)) {
      const file = this.load(fileName, m[1]!);
      if (file !== null && !out.includes(file)) out.push(file);
    }
    return out;
  }

  private load(fromFile: string, specifier: string): string | null {
    const answer = this.view.specifiers.resolve(specifier, fromFile);
    if (answer.kind === 'project') return answer.file;
    return answer.kind === 'unresolved' && !specifier.startsWith('.') ? UNRESOLVED : null;
  }

  /** Any method rule's name as a word: `pool.query(`, `pool.query<Row>(`, `pool['query']`, `const { query } = pool`. */
  private namesMethod(code: string): boolean {
    for (const m of code.matchAll(WORDS)) if (this.methodNames.has(m[0])) return true;
    return this.otherNames.some((name) => code.includes(name));
  }

  private mayExportInstance(file: string): boolean {
    const known = this.mayExport.get(file);
    if (known !== undefined) return known;
    const seen = new Set<string>();
    const found = this.search(file, seen);
    // A search that found nothing explored everything reachable: every module it saw is settled.
    if (!found) for (const f of seen) this.mayExport.set(f, false);
    return found;
  }

  /**
   * Depth-first: a module may export an instance when it has a value export and either names an
   * instance package or imports a module that may. A module already seen in this search answers
   * false for now (it is being explored, or was and found nothing); only answers that cannot
   * depend on that are memoised here (true ones, and modules without a value export).
   */
  private search(file: string, seen: Set<string>): boolean {
    const known = this.mayExport.get(file);
    if (known !== undefined) return known;
    if (seen.has(file)) return false;
    seen.add(file);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      this.mayExport.set(file, false);
      return false;
    }
    if (!VALUE_EXPORT.test(text)) {
      this.mayExport.set(file, false);
      return false;
    }
    let found = this.instanceSpecifiers.some((s) => text.includes(s));
    if (!found) for (const target of this.imports(text, file)) if (target !== UNRESOLVED && (found = this.search(target, seen))) break;
    if (found) this.mayExport.set(file, true);
    return found;
  }
}
