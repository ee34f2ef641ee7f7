/**
 * The node kinds, flags and modifier flags of the oxc syntax view. Only
 * consistency inside the view matters (the matcher compares `node.kind` with
 * `api.SyntaxKind.X` and calls `api.isX`), so the numbers are our own and not
 * TypeScript's; kinds the matcher never asks about share `Other`.
 * @internal
 */
export const Kind = {
  Other: 0,
  SourceFile: 1, Identifier: 2, PrivateIdentifier: 3, StringLiteral: 4, NoSubstitutionTemplateLiteral: 5, NumericLiteral: 6,
  SuperKeyword: 7, ThisKeyword: 8, ImportKeyword: 9, CommaToken: 10, ImplementsKeyword: 11, ExtendsKeyword: 12,
  CallExpression: 20, NewExpression: 21, PropertyAccessExpression: 22, ElementAccessExpression: 23, TaggedTemplateExpression: 24,
  ParenthesizedExpression: 25, AsExpression: 26, SatisfiesExpression: 27, NonNullExpression: 28, TypeAssertionExpression: 29,
  AwaitExpression: 30, SpreadElement: 31, BinaryExpression: 32, OmittedExpression: 33, ComputedPropertyName: 34,
  FunctionDeclaration: 40, FunctionExpression: 41, ArrowFunction: 42, MethodDeclaration: 43, Constructor: 44, GetAccessor: 45,
  SetAccessor: 46, ClassDeclaration: 47, ClassExpression: 48, PropertyDeclaration: 49, PropertyAssignment: 50, Parameter: 51,
  Decorator: 52, ClassStaticBlockDeclaration: 53, ShorthandPropertyAssignment: 54,
  VariableStatement: 60, VariableDeclarationList: 61, VariableDeclaration: 62, ObjectBindingPattern: 63, ArrayBindingPattern: 64,
  BindingElement: 65, Block: 66, CaseBlock: 67, CaseClause: 68, DefaultClause: 69, ModuleBlock: 70, ModuleDeclaration: 71,
  ForStatement: 72, ForInStatement: 73, ForOfStatement: 74, CatchClause: 75, ExpressionStatement: 76, SwitchStatement: 77,
  ImportDeclaration: 80, ImportClause: 81, NamespaceImport: 82, NamedImports: 83, ImportSpecifier: 84, ImportEqualsDeclaration: 85,
  ExternalModuleReference: 86, QualifiedName: 87, EnumDeclaration: 88, TypeReference: 89,
  ExportDeclaration: 90, NamedExports: 91, ExportSpecifier: 92, NamespaceExport: 93, ExportAssignment: 94, ReturnStatement: 95,
} as const;

/** `NodeFlags` the matcher reads: declaration-list keywords and optional-chain membership. */
export const NodeFlag = { None: 0, Let: 1, Const: 2, Using: 4, AwaitUsing: 6, OptionalChain: 64 } as const;

/** `ModifierFlags` the matcher reads. */
export const ModifierFlag = { None: 0, Export: 1, Ambient: 2, Default: 4, Async: 8, Static: 16 } as const;

/** `TypeFlags` are only read with a type checker, which the view never has; present so the API is complete. */
export const TypeFlag = { Undefined: 1 << 2, Null: 1 << 3, Void: 1 << 4 } as const;
