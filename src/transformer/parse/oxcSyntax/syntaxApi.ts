import type * as ts from 'typescript';
import type { SyntaxApi } from '../syntaxApi.js';
import { Kind, ModifierFlag, NodeFlag, TypeFlag } from './kinds.js';
import type { ViewNode } from './viewNode.js';

/** A predicate on node kinds; one kind, the common case, is a single comparison (this runs for every node). */
const is = <T extends ts.Node>(...kinds: number[]) => {
  if (kinds.length === 1) {
    const kind = kinds[0];
    return (node: ts.Node | undefined): node is T => node !== undefined && node.kind === kind;
  }
  return (node: ts.Node | undefined): node is T => node !== undefined && kinds.includes(node.kind);
};

const FUNCTION_LIKE: number[] = [Kind.FunctionDeclaration, Kind.FunctionExpression, Kind.ArrowFunction, Kind.MethodDeclaration, Kind.Constructor, Kind.GetAccessor, Kind.SetAccessor];
const CHAIN_LINKS: number[] = [Kind.PropertyAccessExpression, Kind.ElementAccessExpression, Kind.CallExpression, Kind.NonNullExpression];

/**
 * TypeScript's API over the oxc syntax view (see convertProgram.ts): the same
 * predicates and walk the matcher uses under tsc, answering for view nodes.
 * @internal
 */
export const oxcSyntaxApi: SyntaxApi = {
  // Our own numbering (kinds.ts); the matcher only compares kinds through this object.
  SyntaxKind: Kind as unknown as typeof ts.SyntaxKind,
  NodeFlags: NodeFlag as unknown as typeof ts.NodeFlags,
  ModifierFlags: ModifierFlag as unknown as typeof ts.ModifierFlags,
  TypeFlags: TypeFlag as unknown as typeof ts.TypeFlags,
  forEachChild<T>(node: ts.Node, visit: (node: ts.Node) => T | undefined): T | undefined {
    for (const kid of (node as unknown as ViewNode).kids) {
      const result = visit(kid as unknown as ts.Node);
      if (result) return result;
    }
    return undefined;
  },
  getCombinedModifierFlags: (node) => (node as unknown as ViewNode).modifierFlags as ts.ModifierFlags,
  isArrowFunction: is(Kind.ArrowFunction),
  isAsExpression: is(Kind.AsExpression),
  isAwaitExpression: is(Kind.AwaitExpression),
  isBinaryExpression: is(Kind.BinaryExpression),
  isBindingElement: is(Kind.BindingElement),
  isBlock: is(Kind.Block),
  isCallExpression: is(Kind.CallExpression),
  isCaseBlock: is(Kind.CaseBlock),
  isCatchClause: is(Kind.CatchClause),
  isClassDeclaration: is(Kind.ClassDeclaration),
  isClassExpression: is(Kind.ClassExpression),
  isClassLike: is(Kind.ClassDeclaration, Kind.ClassExpression),
  isConstructorDeclaration: is(Kind.Constructor),
  isDecorator: is(Kind.Decorator),
  isElementAccessExpression: is(Kind.ElementAccessExpression),
  isEnumDeclaration: is(Kind.EnumDeclaration),
  isExpressionStatement: is(Kind.ExpressionStatement),
  isExternalModuleReference: is(Kind.ExternalModuleReference),
  isForInStatement: is(Kind.ForInStatement),
  isForOfStatement: is(Kind.ForOfStatement),
  isForStatement: is(Kind.ForStatement),
  isFunctionDeclaration: is(Kind.FunctionDeclaration),
  isFunctionExpression: is(Kind.FunctionExpression),
  isExportAssignment: is(Kind.ExportAssignment),
  isExportDeclaration: is(Kind.ExportDeclaration),
  isExportSpecifier: is(Kind.ExportSpecifier),
  isFunctionLike: is(...FUNCTION_LIKE),
  isIdentifier: is(Kind.Identifier),
  isImportClause: is(Kind.ImportClause),
  isImportDeclaration: is(Kind.ImportDeclaration),
  isImportEqualsDeclaration: is(Kind.ImportEqualsDeclaration),
  isImportSpecifier: is(Kind.ImportSpecifier),
  isMethodDeclaration: is(Kind.MethodDeclaration),
  isModuleBlock: is(Kind.ModuleBlock),
  isModuleDeclaration: is(Kind.ModuleDeclaration),
  isNamedExports: is(Kind.NamedExports),
  isNamespaceImport: is(Kind.NamespaceImport),
  isNewExpression: is(Kind.NewExpression),
  isNonNullExpression: is(Kind.NonNullExpression),
  isNumericLiteral: is(Kind.NumericLiteral),
  isObjectBindingPattern: is(Kind.ObjectBindingPattern),
  isOptionalChain: (node): node is ts.OptionalChain => CHAIN_LINKS.includes(node.kind) && (node.flags & NodeFlag.OptionalChain) !== 0,
  isParameter: is(Kind.Parameter),
  isParenthesizedExpression: is(Kind.ParenthesizedExpression),
  isPrivateIdentifier: is(Kind.PrivateIdentifier),
  isPropertyAccessExpression: is(Kind.PropertyAccessExpression),
  isPropertyAssignment: is(Kind.PropertyAssignment),
  isPropertyDeclaration: is(Kind.PropertyDeclaration),
  isReturnStatement: is(Kind.ReturnStatement),
  isSatisfiesExpression: is(Kind.SatisfiesExpression),
  isSourceFile: is(Kind.SourceFile),
  isSpreadElement: is(Kind.SpreadElement),
  isStatement: (node): node is ts.Statement => (node as unknown as ViewNode).statement,
  isStringLiteral: is(Kind.StringLiteral),
  isStringLiteralLike: (node): node is ts.StringLiteralLike => 'kind' in node && (node.kind === Kind.StringLiteral || node.kind === Kind.NoSubstitutionTemplateLiteral),
  isTaggedTemplateExpression: is(Kind.TaggedTemplateExpression),
  isTypeAssertionExpression: is(Kind.TypeAssertionExpression),
  isTypeReferenceNode: is(Kind.TypeReference),
  isVariableDeclaration: is(Kind.VariableDeclaration),
  isVariableDeclarationList: is(Kind.VariableDeclarationList),
  isVariableStatement: is(Kind.VariableStatement),
};
