// Which names each scope of a parsed cell declares. The rewriter asks these
// questions while walking, so that a reference can be resolved to a local
// binding (left alone) or to the cell's top level (the shared scope object).
import type { AnyNode, Pattern } from 'acorn';

export class Scope {
  readonly names = new Set<string>();
  readonly parent: Scope | null;
  /** Only functions (and the cell itself) stop `var` hoisting. */
  readonly isFunction: boolean;

  constructor(parent: Scope | null, isFunction: boolean) {
    this.parent = parent;
    this.isFunction = isFunction;
  }

  /** The top scope's names are the cell's shared declarations. */
  get isTop(): boolean {
    return this.parent === null;
  }

  resolve(name: string): 'local' | 'shared' | 'free' {
    if (this.names.has(name)) return this.isTop ? 'shared' : 'local';
    return this.parent === null ? 'free' : this.parent.resolve(name);
  }

  /** The nearest function scope, or the top: where a `var` here would live. */
  get varScope(): Scope {
    return this.isFunction || this.parent === null ? this : this.parent.varScope;
  }
}

export function patternNames(pattern: Pattern, into: string[] = []): string[] {
  switch (pattern.type) {
    case 'Identifier':
      into.push(pattern.name);
      break;
    case 'ObjectPattern':
      for (const property of pattern.properties) {
        patternNames(property.type === 'RestElement' ? property.argument : property.value, into);
      }
      break;
    case 'ArrayPattern':
      for (const element of pattern.elements) if (element !== null) patternNames(element, into);
      break;
    case 'AssignmentPattern':
      patternNames(pattern.left, into);
      break;
    case 'RestElement':
      patternNames(pattern.argument, into);
      break;
    case 'MemberExpression':
      break;
  }
  return into;
}

/** Names declared with let/const/class/function directly in a statement list. */
export function lexicalNames(statements: readonly AnyNode[]): string[] {
  const names: string[] = [];
  for (const statement of statements) {
    const declaration = statement.type === 'ExportNamedDeclaration' ? (statement.declaration ?? null) : statement;
    if (declaration === null) continue;
    if (declaration.type === 'VariableDeclaration' && declaration.kind !== 'var') {
      for (const declarator of declaration.declarations) patternNames(declarator.id, names);
    } else if (declaration.type === 'ClassDeclaration' || declaration.type === 'FunctionDeclaration') {
      if (declaration.id) names.push(declaration.id.name);
    } else if (declaration.type === 'ImportDeclaration') {
      for (const specifier of declaration.specifiers) names.push(specifier.local.name);
    }
  }
  return names;
}

/** Names declared with `var` anywhere under `node`, not crossing into functions. */
export function varNames(node: AnyNode, into: string[] = []): string[] {
  // eslint-disable-next-line @typescript-eslint/switch-exhaustiveness-check -- acorn has ~70 node types; only these matter here
  switch (node.type) {
    case 'FunctionDeclaration':
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
    case 'ClassDeclaration':
    case 'ClassExpression':
      return into;
    case 'VariableDeclaration':
      if (node.kind === 'var') for (const declarator of node.declarations) patternNames(declarator.id, into);
      return into;
    default:
      for (const child of statementChildren(node)) varNames(child, into);
      return into;
  }
}

/** Child nodes that may contain statements (var declarations live only there). */
function statementChildren(node: AnyNode): AnyNode[] {
  // eslint-disable-next-line @typescript-eslint/switch-exhaustiveness-check -- acorn has ~70 node types; only these matter here
  switch (node.type) {
    case 'Program':
    case 'BlockStatement':
    case 'StaticBlock':
      return node.body;
    case 'ExportNamedDeclaration':
      return node.declaration ? [node.declaration] : [];
    case 'IfStatement':
      return node.alternate ? [node.consequent, node.alternate] : [node.consequent];
    case 'ForStatement':
      return node.init ? [node.init, node.body] : [node.body];
    case 'ForInStatement':
    case 'ForOfStatement':
      return [node.left, node.body];
    case 'WhileStatement':
    case 'DoWhileStatement':
    case 'LabeledStatement':
    case 'WithStatement':
      return [node.body];
    case 'TryStatement':
      return [node.block, ...(node.handler ? [node.handler.body] : []), ...(node.finalizer ? [node.finalizer] : [])];
    case 'SwitchStatement':
      return node.cases.flatMap((switchCase) => switchCase.consequent);
    default:
      return [];
  }
}
