import { skipTrivia } from '../../../util/text.js';
import { Kind, ModifierFlag, NodeFlag } from './kinds.js';
import { ViewNode, ViewSourceFile } from './viewNode.js';

/** An ESTree node as oxc-parser serialises it (TS-ESTree for TypeScript files). */
interface Est {
  type: string;
  start: number;
  end: number;
  // oxc's node fields differ by type; the converter reads them by name.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [field: string]: any;
}

/** ESTree statement and declaration-statement types: TypeScript's `isStatement`. */
const STATEMENTS = new Set([
  'ExpressionStatement', 'BlockStatement', 'EmptyStatement', 'DebuggerStatement', 'WithStatement', 'ReturnStatement',
  'LabeledStatement', 'BreakStatement', 'ContinueStatement', 'IfStatement', 'SwitchStatement', 'ThrowStatement',
  'TryStatement', 'WhileStatement', 'DoWhileStatement', 'ForStatement', 'ForInStatement', 'ForOfStatement',
  'FunctionDeclaration', 'VariableDeclaration', 'ClassDeclaration', 'ImportDeclaration', 'ExportNamedDeclaration',
  'ExportDefaultDeclaration', 'ExportAllDeclaration', 'TSTypeAliasDeclaration', 'TSInterfaceDeclaration',
  'TSEnumDeclaration', 'TSModuleDeclaration', 'TSImportEqualsDeclaration', 'TSExportAssignment',
  'TSNamespaceExportDeclaration', 'TSDeclareFunction',
]);

/** Fields that hold only types: never walked (no call can sit in a type). */
const TYPE_FIELDS = new Set(['typeAnnotation', 'returnType', 'typeParameters', 'typeArguments', 'superTypeArguments', 'implements', 'extends']);

/** TypeScript-only node types that can hold expressions; every other `TS*` type is a leaf. */
const TS_WITH_EXPRESSIONS = new Set(['TSInstantiationExpression', 'TSEnumBody', 'TSEnumMember', 'TSExportAssignment']);

/**
 * Builds the oxc syntax view of one file: TypeScript's node kinds and
 * property names (`CallExpression.expression/arguments`, `VariableStatement.
 * declarationList`, `ImportClause.namedBindings`, …) over oxc-parser's
 * ESTree, with the positions TypeScript would report (`export` folded into
 * the declaration it exports, `arguments.pos` just after `(`).
 * @internal
 */
export function convertProgram(program: Est, text: string, fileName: string, comments: readonly { start: number; end: number }[]): ViewSourceFile {
  return new Converter(text, fileName, comments).sourceFile(program);
}

class Converter {
  private readonly root: ViewSourceFile;

  constructor(private readonly text: string, fileName: string, comments: readonly { start: number; end: number }[]) {
    this.root = new ViewSourceFile(Kind.SourceFile, text, fileName, comments);
  }

  sourceFile(program: Est): ViewSourceFile {
    const sf = this.root;
    sf.statements = program.body.map((s: Est) => this.node(s, sf)!);
    // TypeScript's end-of-file token: a last child at the end (an `ignore next` there covers it).
    this.make(Kind.Other, this.text.length, this.text.length, sf);
    sortKids(sf);
    return sf;
  }

  private make(kind: number, start: number, end: number, parent: ViewNode, statement = false): ViewNode {
    const n = new ViewNode(kind, start, end, this.root);
    n.parent = parent;
    n.statement = statement;
    parent.kids.push(n);
    return n;
  }

  private list<T>(items: T[], pos: number, end: number): T[] & { pos: number; end: number } {
    return Object.assign(items, { pos, end });
  }

  /** Converts any node (statement, expression, pattern); undefined for null. */
  node(e: Est | null | undefined, parent: ViewNode, fold?: { start: number; flags: number }): ViewNode | undefined {
    if (!e) return undefined;
    const n = this.convert(e, parent, fold);
    sortKids(n);
    return n;
  }

  private convert(e: Est, parent: ViewNode, fold: { start: number; flags: number } | undefined): ViewNode {
    const start = fold ? Math.min(fold.start, e.start) : e.start;
    const flags = fold?.flags ?? 0;
    switch (e.type) {
      case 'Identifier': return this.identifier(e, parent);
      case 'PrivateIdentifier': {
        const n = this.make(Kind.PrivateIdentifier, e.start, e.end, parent);
        n.text = `#${e.name}`;
        return n;
      }
      case 'Literal': {
        if (typeof e.value === 'string') {
          const n = this.make(Kind.StringLiteral, e.start, e.end, parent);
          n.text = e.value;
          return n;
        }
        const n = this.make(typeof e.value === 'number' ? Kind.NumericLiteral : Kind.Other, e.start, e.end, parent);
        n.text = e.raw;
        return n;
      }
      case 'TemplateLiteral': {
        if (e.expressions.length === 0) {
          const n = this.make(Kind.NoSubstitutionTemplateLiteral, e.start, e.end, parent);
          n.text = e.quasis[0]?.value?.cooked ?? e.quasis[0]?.value?.raw ?? '';
          return n;
        }
        const n = this.make(Kind.Other, e.start, e.end, parent);
        for (const x of e.expressions) this.node(x, n);
        return n;
      }
      case 'TaggedTemplateExpression': {
        const n = this.make(Kind.TaggedTemplateExpression, e.start, e.end, parent);
        n.tag = this.node(e.tag, n);
        n.template = this.node(e.quasi, n);
        return n;
      }
      case 'Super': return this.make(Kind.SuperKeyword, e.start, e.end, parent);
      case 'ThisExpression': return this.make(Kind.ThisKeyword, e.start, e.end, parent);
      case 'ChainExpression': return this.convert(e.expression, parent, undefined);
      case 'CallExpression': {
        const n = this.make(Kind.CallExpression, e.start, e.end, parent);
        if (inOptionalChain(e)) n.flags |= NodeFlag.OptionalChain;
        n.expression = this.node(e.callee, n);
        if (e.optional) n.questionDotToken = {};
        const open = this.openParen(e.typeArguments?.end ?? e.callee.end);
        n.arguments = this.list(e.arguments.map((a: Est) => this.node(a, n)!), open + 1, e.end - 1);
        return n;
      }
      case 'NewExpression': {
        const n = this.make(Kind.NewExpression, e.start, e.end, parent);
        n.expression = this.node(e.callee, n);
        if (e.typeArguments) n.typeArguments = this.list([], e.typeArguments.start, e.typeArguments.end);
        const after = e.typeArguments?.end ?? e.callee.end;
        const open = this.nextToken(after);
        n.arguments = open < e.end && this.text[open] === '(' ? this.list(e.arguments.map((a: Est) => this.node(a, n)!), open + 1, e.end - 1) : undefined;
        return n;
      }
      case 'MemberExpression': {
        const n = this.make(e.computed ? Kind.ElementAccessExpression : Kind.PropertyAccessExpression, e.start, e.end, parent);
        if (inOptionalChain(e)) n.flags |= NodeFlag.OptionalChain;
        n.expression = this.node(e.object, n);
        if (e.optional) n.questionDotToken = {};
        if (e.computed) n.argumentExpression = this.node(e.property, n);
        else n.name = this.node(e.property, n);
        return n;
      }
      case 'ParenthesizedExpression': return this.wrapper(Kind.ParenthesizedExpression, e, parent);
      case 'TSAsExpression': return this.wrapper(Kind.AsExpression, e, parent);
      case 'TSSatisfiesExpression': return this.wrapper(Kind.SatisfiesExpression, e, parent);
      case 'TSTypeAssertion': return this.wrapper(Kind.TypeAssertionExpression, e, parent);
      case 'TSNonNullExpression': {
        const n = this.wrapper(Kind.NonNullExpression, e, parent);
        if (inOptionalChain(e)) n.flags |= NodeFlag.OptionalChain;
        return n;
      }
      case 'AwaitExpression': return this.wrapper(Kind.AwaitExpression, e, parent, e.argument);
      case 'SpreadElement': return this.wrapper(Kind.SpreadElement, e, parent, e.argument);
      case 'SequenceExpression': return this.sequence(e.expressions, e.expressions.length - 1, parent);
      case 'AssignmentExpression':
      case 'BinaryExpression':
      case 'LogicalExpression': {
        const n = this.make(Kind.BinaryExpression, e.start, e.end, parent);
        n.left = this.node(e.left, n);
        n.operatorToken = { kind: Kind.Other };
        n.right = this.node(e.right, n);
        return n;
      }
      case 'ArrowFunctionExpression': {
        const n = this.make(Kind.ArrowFunction, e.start, e.end, parent);
        if (e.async) n.modifierFlags |= ModifierFlag.Async;
        n.parameters = e.params.map((p: Est) => this.parameter(p, n));
        n.type = this.typeOf({ typeAnnotation: e.returnType } as unknown as Est, n);
        n.body = e.expression ? this.node(e.body, n) : this.block(e.body, n, false);
        return n;
      }
      case 'FunctionDeclaration':
      case 'TSDeclareFunction':
      case 'FunctionExpression':
        return this.fn(e.type === 'FunctionExpression' ? Kind.FunctionExpression : Kind.FunctionDeclaration, e, e, start, parent, flags);
      case 'ClassDeclaration':
      case 'ClassExpression': return this.classLike(e, start, parent, flags);
      case 'ObjectExpression': {
        const n = this.make(Kind.Other, e.start, e.end, parent);
        for (const p of e.properties) this.node(p, n);
        return n;
      }
      case 'Property': return this.property(e, parent);
      case 'ObjectPattern':
      case 'ArrayPattern': return this.binding(e, parent);
      case 'VariableDeclaration': {
        const n = this.make(Kind.VariableStatement, start, e.end, parent, true);
        n.modifierFlags = flags | (e.declare ? ModifierFlag.Ambient : 0);
        n.declarationList = this.declarationList(e, n);
        return n;
      }
      case 'BlockStatement': return this.block(e, parent, true);
      case 'StaticBlock': {
        const n = this.make(Kind.ClassStaticBlockDeclaration, e.start, e.end, parent);
        const open = this.nextToken(e.start + 'static'.length);
        n.body = this.block({ type: 'BlockStatement', start: open, end: e.end, body: e.body }, n, false);
        return n;
      }
      case 'SwitchStatement': {
        const n = this.make(Kind.SwitchStatement, e.start, e.end, parent, true);
        n.expression = this.node(e.discriminant, n);
        const open = this.nextToken(this.nextToken(e.discriminant.end) + 1); // past the `)`: the `{`
        const caseBlock = this.make(Kind.CaseBlock, open, e.end, n);
        caseBlock.clauses = e.cases.map((c: Est) => {
          const clause = this.make(c.test ? Kind.CaseClause : Kind.DefaultClause, c.start, c.end, caseBlock);
          clause.expression = this.node(c.test, clause);
          clause.statements = c.consequent.map((s: Est) => this.node(s, clause));
          sortKids(clause);
          return clause;
        });
        n.caseBlock = caseBlock;
        return n;
      }
      case 'ForStatement':
      case 'ForInStatement':
      case 'ForOfStatement': {
        const kind = e.type === 'ForStatement' ? Kind.ForStatement : e.type === 'ForInStatement' ? Kind.ForInStatement : Kind.ForOfStatement;
        const n = this.make(kind, e.start, e.end, parent, true);
        const init = e.type === 'ForStatement' ? e.init : e.left;
        n.initializer = init?.type === 'VariableDeclaration' ? this.declarationList(init, n) : this.node(init, n);
        for (const x of [e.test, e.update, e.right]) this.node(x, n);
        this.node(e.body, n);
        return n;
      }
      case 'CatchClause': {
        const n = this.make(Kind.CatchClause, e.start, e.end, parent);
        if (e.param) {
          const d = this.make(Kind.VariableDeclaration, e.param.start, e.param.end, n);
          d.name = this.binding(e.param, d);
          d.type = this.typeOf(e.param, d);
          sortKids(d);
          n.variableDeclaration = d;
        }
        n.block = this.block(e.body, n, false);
        return n;
      }
      case 'ExpressionStatement': return this.wrapper(Kind.ExpressionStatement, e, parent, e.expression, true);
      case 'Decorator': return this.wrapper(Kind.Decorator, e, parent);
      case 'ImportDeclaration': return this.importDeclaration(e, parent);
      case 'TSImportEqualsDeclaration': {
        const n = this.make(Kind.ImportEqualsDeclaration, start, e.end, parent, true);
        n.modifierFlags = flags;
        n.isTypeOnly = e.importKind === 'type';
        n.name = this.node(e.id, n);
        const ref = e.moduleReference;
        if (ref.type === 'TSExternalModuleReference') {
          const r = this.make(Kind.ExternalModuleReference, ref.start, ref.end, n);
          r.expression = this.node(ref.expression, r);
          n.moduleReference = r;
        } else {
          n.moduleReference = this.entityName(ref, n);
        }
        return n;
      }
      case 'TSModuleDeclaration': return this.moduleDeclaration(e, start, parent, flags);
      case 'TSEnumDeclaration': {
        const n = this.make(Kind.EnumDeclaration, start, e.end, parent, true);
        n.modifierFlags = flags;
        n.name = this.node(e.id, n);
        this.node(e.body, n);
        return n;
      }
      case 'ExportNamedDeclaration':
        if (e.declaration) return this.convert(e.declaration, parent, { start: e.start, flags: ModifierFlag.Export });
        return this.exportDeclaration(e, parent);
      case 'ExportAllDeclaration': return this.exportDeclaration(e, parent);
      case 'ExportDefaultDeclaration': {
        const d = e.declaration;
        if (/^(FunctionDeclaration|ClassDeclaration|TSDeclareFunction|TSInterfaceDeclaration)$/.test(d.type)) {
          return this.convert(d, parent, { start: e.start, flags: ModifierFlag.Export | ModifierFlag.Default });
        }
        // `export default <expression>`: TypeScript's ExportAssignment.
        const n = this.make(Kind.ExportAssignment, e.start, e.end, parent, true);
        n.expression = this.node(d, n);
        return n;
      }
      case 'ReturnStatement': {
        const n = this.make(Kind.ReturnStatement, start, e.end, parent, true);
        if (e.argument) n.expression = this.node(e.argument, n);
        return n;
      }
      default: return this.generic(e, start, parent);
    }
  }

  private generic(e: Est, start: number, parent: ViewNode): ViewNode {
    const n = this.make(Kind.Other, start, e.end, parent, STATEMENTS.has(e.type));
    if (e.type.startsWith('TS') && !TS_WITH_EXPRESSIONS.has(e.type)) return n;
    for (const key in e) {
      if (key === 'type' || key === 'start' || key === 'end' || TYPE_FIELDS.has(key)) continue;
      const value = e[key];
      if (Array.isArray(value)) {
        for (const v of value) if (isNode(v)) this.node(v, n);
      } else if (isNode(value)) {
        this.node(value, n);
      }
    }
    return n;
  }

  private identifier(e: Est, parent: ViewNode): ViewNode {
    // A binding's ESTree identifier spans its type annotation (`a: T`); TypeScript's ends at the name.
    const end = e.typeAnnotation || e.optional ? e.start + e.name.length : e.end;
    const n = this.make(Kind.Identifier, e.start, end, parent);
    n.text = e.name;
    return n;
  }

  /** A node whose one child TypeScript calls `expression` (ESTree: `expression` or `argument`). */
  private wrapper(kind: number, e: Est, parent: ViewNode, inner: Est = e.expression, statement = false): ViewNode {
    const n = this.make(kind, e.start, e.end, parent, statement);
    n.expression = this.node(inner, n);
    return n;
  }

  /** `a, b, c` → TypeScript's left-nested comma `BinaryExpression`s. */
  private sequence(items: Est[], last: number, parent: ViewNode): ViewNode {
    if (last === 0) return this.node(items[0], parent)!;
    const n = this.make(Kind.BinaryExpression, items[0]!.start, items[last]!.end, parent);
    n.left = this.sequence(items, last - 1, n);
    n.operatorToken = { kind: Kind.CommaToken };
    n.right = this.node(items[last], n);
    sortKids(n);
    return n;
  }

  private block(e: Est, parent: ViewNode, statement: boolean): ViewNode {
    const n = this.make(Kind.Block, e.start, e.end, parent, statement);
    n.statements = e.body.map((s: Est) => this.node(s, n));
    sortKids(n);
    return n;
  }

  private declarationList(e: Est, parent: ViewNode): ViewNode {
    const n = this.make(Kind.VariableDeclarationList, e.start, e.end, parent);
    n.flags = e.kind === 'let' ? NodeFlag.Let : e.kind === 'const' ? NodeFlag.Const : e.kind === 'using' ? NodeFlag.Using :
      e.kind === 'await using' ? NodeFlag.AwaitUsing : NodeFlag.None;
    n.declarations = e.declarations.map((d: Est) => {
      const v = this.make(Kind.VariableDeclaration, d.start, d.end, n);
      v.name = this.binding(d.id, v);
      v.type = this.typeOf(d.id, v);
      v.initializer = this.node(d.init, v);
      sortKids(v);
      return v;
    });
    sortKids(n);
    return n;
  }

  /** A binding name: an identifier, or an object / array binding pattern of binding elements. */
  private binding(e: Est, parent: ViewNode): ViewNode {
    if (e.type === 'ObjectPattern') {
      const n = this.make(Kind.ObjectBindingPattern, e.start, e.end, parent);
      n.elements = e.properties.map((p: Est) => {
        const el = this.make(Kind.BindingElement, p.start, p.end, n);
        if (p.type === 'RestElement') {
          this.bindingTarget(p, el);
        } else {
          if (!p.shorthand) el.propertyName = this.key(p.key, p.computed, el);
          this.bindingTarget(p.value, el);
        }
        return sortKids(el);
      });
      sortKids(n);
      return n;
    }
    if (e.type === 'ArrayPattern') {
      const n = this.make(Kind.ArrayBindingPattern, e.start, e.end, parent);
      n.elements = e.elements.map((x: Est | null) => {
        if (!x) return { kind: Kind.OmittedExpression };
        const el = this.make(Kind.BindingElement, x.start, x.end, n);
        this.bindingTarget(x, el);
        return sortKids(el);
      });
      sortKids(n);
      return n;
    }
    if (e.type === 'AssignmentPattern') return this.binding(e.left, parent);
    return this.node(e, parent)!;
  }

  /**
   * What ESTree puts where TypeScript has a binding element or parameter:
   * `x`, `x = init` (AssignmentPattern) or `...x` (RestElement), set on `n`
   * as its `name`, `initializer` and `dotDotDotToken`.
   */
  private bindingTarget(e: Est, n: ViewNode): void {
    if (e.type === 'RestElement') {
      n.dotDotDotToken = {};
      n.name = this.binding(e.argument, n);
    } else if (e.type === 'AssignmentPattern') {
      n.name = this.binding(e.left, n);
      n.initializer = this.node(e.right, n);
    } else {
      n.name = this.binding(e, n);
    }
  }

  private computed(key: Est, parent: ViewNode): ViewNode {
    const open = this.text.lastIndexOf('[', key.start);
    const n = this.make(Kind.ComputedPropertyName, open < 0 ? key.start : open, key.end, parent);
    n.expression = this.node(key, n);
    return n;
  }

  /** A property key: identifier, string / numeric literal, private name or `[computed]`. */
  private key(e: Est, computed: boolean, parent: ViewNode): ViewNode | undefined {
    return computed ? this.computed(e, parent) : this.node(e, parent);
  }

  private typeOf(e: Est, parent: ViewNode): ViewNode | undefined {
    const t: Est | undefined = e.typeAnnotation?.typeAnnotation;
    if (!t) return undefined;
    if (t.type !== 'TSTypeReference') return this.make(Kind.Other, t.start, t.end, parent);
    const n = this.make(Kind.TypeReference, t.start, t.end, parent);
    n.typeName = this.entityName(t.typeName, n);
    return n;
  }

  private entityName(e: Est, parent: ViewNode): ViewNode {
    if (e.type !== 'TSQualifiedName') return this.node(e, parent)!;
    const n = this.make(Kind.QualifiedName, e.start, e.end, parent);
    n.left = this.entityName(e.left, n);
    n.right = this.node(e.right, n);
    return n;
  }

  private parameter(e: Est, parent: ViewNode): ViewNode {
    const n = this.make(Kind.Parameter, e.start, e.end, parent);
    let inner = e;
    for (const d of e.decorators ?? []) this.node(d, n);
    if (e.type === 'TSParameterProperty') {
      n.modifiers = [{ kind: Kind.Other }];
      inner = e.parameter;
      for (const d of inner.decorators ?? []) this.node(d, n);
    }
    this.bindingTarget(inner, n);
    // The annotation sits on the parameter, or on the bound name of `x: T = init` / `...x: T`.
    const bound = inner.type === 'AssignmentPattern' ? inner.left : inner.type === 'RestElement' ? inner.argument : undefined;
    n.type = this.typeOf(inner, n) ?? (bound && this.typeOf(bound, n));
    return sortKids(n);
  }

  /**
   * A function-like node. `holder` is where the name and modifiers sit
   * (a method definition or property), `fn` the ESTree function with the
   * parameters and body: TypeScript has one node for both.
   */
  private fn(kind: number, holder: Est, fn: Est, start: number, parent: ViewNode, flags: number, name?: (n: ViewNode) => ViewNode | undefined): ViewNode {
    const statement = kind === Kind.FunctionDeclaration;
    const n = this.make(kind, start, holder.end, parent, statement);
    n.modifierFlags = flags | (fn.async ? ModifierFlag.Async : 0) | (fn.declare || holder.declare ? ModifierFlag.Ambient : 0);
    if (fn.generator) n.asteriskToken = {};
    for (const d of holder.decorators ?? []) this.node(d, n);
    n.name = name ? name(n) : this.node(fn.id, n);
    n.parameters = fn.params.map((p: Est) => this.parameter(p, n));
    n.type = this.typeOf({ typeAnnotation: fn.returnType } as unknown as Est, n);
    n.body = fn.body ? this.block(fn.body, n, false) : undefined;
    return n;
  }

  private classLike(e: Est, start: number, parent: ViewNode, flags: number): ViewNode {
    const n = this.make(e.type === 'ClassDeclaration' ? Kind.ClassDeclaration : Kind.ClassExpression, start, e.end, parent, e.type === 'ClassDeclaration');
    n.modifierFlags = flags;
    for (const d of e.decorators ?? []) this.node(d, n);
    n.name = this.node(e.id, n);
    // TypeScript's `heritageClauses[].types[].expression` for the `extends` clause (what `super` is): the
    // expression stays a child of the class (the walk visits it); the clause objects are read-only views.
    const superClass = this.node(e.superClass, n);
    if (superClass) n.heritageClauses = [{ token: Kind.ExtendsKeyword, types: [{ expression: superClass }] }];
    n.members = e.body.body.map((m: Est) => this.member(m, n));
    return n;
  }

  private member(e: Est, parent: ViewNode): ViewNode {
    switch (e.type) {
      case 'MethodDefinition':
      case 'TSAbstractMethodDefinition':
        return this.method(e, parent);
      case 'PropertyDefinition':
      case 'TSAbstractPropertyDefinition':
      case 'AccessorProperty': {
        const n = this.make(Kind.PropertyDeclaration, e.start, e.end, parent);
        if (e.static) n.modifierFlags |= ModifierFlag.Static;
        for (const d of e.decorators ?? []) this.node(d, n);
        n.name = this.key(e.key, e.computed, n);
        n.type = this.typeOf(e, n);
        n.initializer = this.node(e.value, n);
        return sortKids(n);
      }
      default:
        return this.node(e, parent)!;
    }
  }

  /** A class or object-literal method, constructor or accessor: ESTree's key + function value, one TypeScript node. */
  private method(e: Est, parent: ViewNode): ViewNode {
    const kind = e.kind === 'constructor' ? Kind.Constructor : e.kind === 'get' ? Kind.GetAccessor : e.kind === 'set' ? Kind.SetAccessor : Kind.MethodDeclaration;
    return sortKids(this.fn(kind, e, e.value, e.start, parent, e.static ? ModifierFlag.Static : 0, (owner) => this.key(e.key, e.computed, owner)));
  }

  /** An object-literal property: TypeScript's PropertyAssignment, shorthand, method or accessor. */
  private property(e: Est, parent: ViewNode): ViewNode {
    if (e.method || e.kind === 'get' || e.kind === 'set') return this.method(e, parent);
    if (e.shorthand) {
      const n = this.make(Kind.ShorthandPropertyAssignment, e.start, e.end, parent);
      const value = e.value.type === 'AssignmentPattern' ? e.value.left : e.value;
      n.name = this.node(value, n);
      if (e.value.type === 'AssignmentPattern') this.node(e.value.right, n);
      return n;
    }
    const n = this.make(Kind.PropertyAssignment, e.start, e.end, parent);
    n.name = this.key(e.key, e.computed, n);
    n.initializer = this.node(e.value, n);
    return n;
  }

  private importDeclaration(e: Est, parent: ViewNode): ViewNode {
    const n = this.make(Kind.ImportDeclaration, e.start, e.end, parent, true);
    const specifiers: Est[] = e.specifiers ?? [];
    if (specifiers.length > 0) {
      const clause = this.make(Kind.ImportClause, specifiers[0]!.start, specifiers[specifiers.length - 1]!.end, n);
      clause.isTypeOnly = e.importKind === 'type';
      let named: ViewNode | undefined;
      for (const s of specifiers) {
        if (s.type === 'ImportDefaultSpecifier') {
          clause.name = this.node(s.local, clause);
        } else if (s.type === 'ImportNamespaceSpecifier') {
          const ns = this.make(Kind.NamespaceImport, s.start, s.end, clause);
          ns.name = this.node(s.local, ns);
          clause.namedBindings = ns;
        } else {
          if (!named) {
            named = this.make(Kind.NamedImports, s.start, specifiers[specifiers.length - 1]!.end, clause);
            named.elements = [];
            clause.namedBindings = named;
          }
          const spec = this.make(Kind.ImportSpecifier, s.start, s.end, named);
          spec.isTypeOnly = s.importKind === 'type';
          if (s.imported.start !== s.local.start) spec.propertyName = this.node(s.imported, spec);
          spec.name = this.node(s.local, spec);
          (named.elements as ViewNode[]).push(spec);
          sortKids(spec);
        }
      }
      if (named) sortKids(named);
      sortKids(clause);
      n.importClause = clause;
    }
    n.moduleSpecifier = this.node(e.source, n);
    return n;
  }

  /**
   * `export { a, b as c }`, `export { a } from "m"`, `export * from "m"`, `export * as ns from "m"`:
   * TypeScript's ExportDeclaration, with NamedExports of ExportSpecifiers or a NamespaceExport.
   */
  private exportDeclaration(e: Est, parent: ViewNode): ViewNode {
    const n = this.make(Kind.ExportDeclaration, e.start, e.end, parent, true);
    n.isTypeOnly = e.exportKind === 'type';
    if (e.type === 'ExportAllDeclaration') {
      if (e.exported) {
        const ns = this.make(Kind.NamespaceExport, e.exported.start, e.exported.end, n);
        ns.name = this.node(e.exported, ns);
        n.exportClause = ns;
      }
    } else {
      const specifiers: Est[] = e.specifiers ?? [];
      const named = this.make(Kind.NamedExports, e.start, e.end, n);
      named.elements = [];
      for (const s of specifiers) {
        const spec = this.make(Kind.ExportSpecifier, s.start, s.end, named);
        spec.isTypeOnly = s.exportKind === 'type';
        if (s.local.start !== s.exported.start) spec.propertyName = this.node(s.local, spec);
        spec.name = this.node(s.exported, spec);
        (named.elements as ViewNode[]).push(spec);
        sortKids(spec);
      }
      sortKids(named);
      n.exportClause = named;
    }
    if (e.source) n.moduleSpecifier = this.node(e.source, n);
    sortKids(n);
    return n;
  }

  private moduleDeclaration(e: Est, start: number, parent: ViewNode, flags: number): ViewNode {
    const n = this.make(Kind.ModuleDeclaration, start, e.end, parent, true);
    n.modifierFlags = flags | (e.declare ? ModifierFlag.Ambient : 0);
    let id: Est = e.id;
    while (id.type === 'TSQualifiedName') id = id.left; // `namespace A.B {}` declares A here
    n.name = this.node(id, n);
    const body: Est | undefined = e.body;
    if (body?.type === 'TSModuleBlock') {
      const block = this.make(Kind.ModuleBlock, body.start, body.end, n);
      block.statements = body.body.map((s: Est) => this.node(s, block));
      sortKids(block);
      n.body = block;
    } else if (body) {
      n.body = this.node(body, n);
    }
    return n;
  }

  private nextToken(pos: number): number {
    return skipTrivia(this.text, pos);
  }

  /** The `(` of a call's argument list after its callee (and type arguments): skips trivia and `?.`. */
  private openParen(from: number): number {
    let pos = this.nextToken(from);
    if (this.text.startsWith('?.', pos)) pos = this.nextToken(pos + 2);
    return pos;
  }
}

function isNode(value: unknown): value is Est {
  return typeof value === 'object' && value !== null && typeof (value as Est).type === 'string' && typeof (value as Est).start === 'number';
}

/** Children in source order (conversion order differs where TypeScript's fields are ordered differently). */
function sortKids(n: ViewNode): ViewNode {
  const kids = n.kids;
  for (let i = 1; i < kids.length; i++) {
    if (kids[i - 1]!.start > kids[i]!.start) {
      kids.sort((a, b) => a.start - b.start);
      break;
    }
  }
  return n;
}

/**
 * TypeScript flags every link of an optional chain after (and including) the
 * first `?.`; ESTree marks only the links with `?.` and wraps the chain.
 */
function inOptionalChain(e: Est): boolean {
  for (let link: Est | undefined = e; link;) {
    if (link.optional) return true;
    link = link.type === 'MemberExpression' ? link.object : link.type === 'CallExpression' ? link.callee :
      link.type === 'TSNonNullExpression' ? link.expression : undefined;
    if (link && link.type !== 'MemberExpression' && link.type !== 'CallExpression' && link.type !== 'TSNonNullExpression') return false;
  }
  return false;
}
