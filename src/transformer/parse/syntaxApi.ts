/**
 * The part of the TypeScript API the matcher and the source writer read.
 * TypeScript itself provides it (ts-patch's namespace under tsc, our own copy
 * as the bundler fallback); so does the oxc syntax view (oxcSyntax/), which
 * presents an oxc-parser tree in TypeScript's node shapes so that the bundler
 * path never loads the 9 MB compiler. Naming the subset keeps both honest: a
 * matcher change that needs more of TypeScript fails to type-check here first.
 * @internal
 */
export type SyntaxApi = Pick<typeof import('typescript'),
  | 'SyntaxKind' | 'NodeFlags' | 'ModifierFlags' | 'TypeFlags'
  | 'forEachChild' | 'getCombinedModifierFlags'
  | 'isArrowFunction' | 'isAsExpression' | 'isAwaitExpression' | 'isBinaryExpression' | 'isBindingElement' | 'isBlock'
  | 'isCallExpression' | 'isCaseBlock' | 'isCatchClause' | 'isClassDeclaration' | 'isClassExpression' | 'isClassLike'
  | 'isConstructorDeclaration' | 'isDecorator' | 'isElementAccessExpression' | 'isEnumDeclaration' | 'isExpressionStatement'
  | 'isExportAssignment' | 'isExportDeclaration' | 'isExportSpecifier' | 'isExternalModuleReference' | 'isForInStatement' | 'isForOfStatement' | 'isForStatement' | 'isFunctionDeclaration'
  | 'isFunctionExpression' | 'isFunctionLike' | 'isIdentifier' | 'isImportClause' | 'isImportDeclaration'
  | 'isImportEqualsDeclaration' | 'isImportSpecifier' | 'isMethodDeclaration' | 'isModuleBlock' | 'isModuleDeclaration'
  | 'isNamedExports' | 'isNamespaceImport' | 'isNewExpression' | 'isNonNullExpression' | 'isNumericLiteral' | 'isObjectBindingPattern'
  | 'isOptionalChain' | 'isParameter' | 'isParenthesizedExpression' | 'isPrivateIdentifier' | 'isPropertyAccessExpression'
  | 'isPropertyAssignment' | 'isPropertyDeclaration' | 'isReturnStatement' | 'isSatisfiesExpression' | 'isSourceFile' | 'isSpreadElement'
  | 'isStatement' | 'isStringLiteral' | 'isStringLiteralLike' | 'isTaggedTemplateExpression' | 'isTypeAssertionExpression'
  | 'isTypeReferenceNode' | 'isVariableDeclaration' | 'isVariableDeclarationList' | 'isVariableStatement'>
  // Comment scanning: only needed when the parser does not list the file's comments itself.
  & Partial<Pick<typeof import('typescript'), 'getLeadingCommentRanges' | 'getTrailingCommentRanges'>>;
