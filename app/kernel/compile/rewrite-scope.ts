// The shared-scope pass of a cell's compilation (kernel worker and Node): one
// walk over the parsed cell that makes its top-level bindings live on the
// shared scope object. Declarations become assignments through
// `__let`/`__const` (see runtime/shared-scope.ts) and references to top-level
// or free names become `__scope.name`, so a function from cell 1 that does
// `counter++` changes what cell 2 reads. The per-node rewrites of imports
// (rewrite-import.ts) and of awaits (rewrite-async.ts) are made during the same
// walk. Every edit keeps line breaks. rewrite.ts runs this pass between its
// others.
import type { AnyNode, Identifier, Program, VariableDeclaration } from 'acorn';
import type { EditList } from './edits.ts';
import { Scope, lexicalNames, patternNames, varNames } from './scopes.ts';
import { rewriteImport } from './rewrite-import.ts';
import { closeActivation, instrumentable, markResumable, openActivation, wrapAwait } from './rewrite-async.ts';
import { DIRECT_GLOBALS, EXPORT_MESSAGE, RewriteError, reserved, reservedMessage } from './cell-names.ts';

export interface SharedScopeRewrite {
  /** Free names the cell reads, sorted. */
  readonly references: string[];
  /** Top-level function declarations, in source order: the prologue copies them to the scope. */
  readonly functionNames: readonly string[];
}

type DeclarationPosition = 'statement' | 'sole-statement' | 'for-init' | 'for-left';

/** Rewrites `program` into `edits`; `top` holds the cell's top-level names, `sharedNames` those earlier cells declared. */
export function rewriteSharedScope(program: Program, top: Scope, edits: EditList, sharedNames: ReadonlySet<string>): SharedScopeRewrite {
  const walk = new SharedScopeWalk(edits, sharedNames);
  walk.visitStatements(program.body, top);
  return walk.result();
}

class SharedScopeWalk {
  readonly #edits: EditList;
  readonly #sharedNames: ReadonlySet<string>;
  readonly #references = new Set<string>();
  readonly #functionNames: string[] = [];
  /** The innermost function has an async activation (rewrite-async.ts): its awaits and catch blocks are marked. */
  #instrumented = false;

  constructor(edits: EditList, sharedNames: ReadonlySet<string>) {
    this.#edits = edits;
    this.#sharedNames = sharedNames;
  }

  result(): SharedScopeRewrite {
    return { references: [...this.#references].sort(), functionNames: this.#functionNames };
  }

  visitStatements(statements: readonly AnyNode[], scope: Scope): void {
    for (const statement of statements) {
      if (statement.type === 'VariableDeclaration') this.#visitDeclaration(statement, scope, 'statement');
      else this.#visit(statement, scope);
    }
  }

  #visit(node: AnyNode, scope: Scope): void {
    // eslint-disable-next-line @typescript-eslint/switch-exhaustiveness-check -- acorn has ~70 node types; the default walks the rest generically
    switch (node.type) {
      case 'Identifier':
        return this.#reference(node, scope);
      case 'ImportDeclaration':
        return rewriteImport(node, this.#edits);
      case 'ImportExpression':
        this.#edits.replace(node.start, node.start + 'import'.length, '__import');
        return this.#visit(node.source, scope);
      case 'ExportNamedDeclaration':
        if (!node.declaration || !scope.isTop) throw new RewriteError(EXPORT_MESSAGE, node.start);
        this.#edits.replace(node.start, node.declaration.start, '');
        if (node.declaration.type === 'VariableDeclaration') return this.#visitDeclaration(node.declaration, scope, 'statement');
        return this.#visit(node.declaration, scope);
      case 'ExportDefaultDeclaration':
      case 'ExportAllDeclaration':
        throw new RewriteError(EXPORT_MESSAGE, node.start);
      case 'VariableDeclaration':
        return this.#visitDeclaration(node, scope, 'sole-statement');
      case 'FunctionDeclaration':
        if (scope.isTop && node.id) this.#functionNames.push(node.id.name);
        return this.#visitFunction(node, scope);
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        return this.#visitFunction(node, scope);
      case 'ClassDeclaration':
        if (scope.isTop && node.id) {
          this.#edits.insert(node.start, `__let.${node.id.name} = `);
          this.#edits.insert(node.end, ';');
        }
        return this.#visitClass(node, scope);
      case 'ClassExpression':
        return this.#visitClass(node, scope);
      case 'BlockStatement':
      case 'StaticBlock':
        return this.visitStatements(node.body, this.#blockScope(node.body, scope));
      case 'SwitchStatement': {
        this.#visit(node.discriminant, scope);
        const inner = this.#blockScope(
          node.cases.flatMap((c) => c.consequent),
          scope,
        );
        for (const switchCase of node.cases) {
          if (switchCase.test) this.#visit(switchCase.test, inner);
          this.visitStatements(switchCase.consequent, inner);
        }
        return;
      }
      case 'ForStatement': {
        const inner = this.#loopScope(node.init, scope);
        if (node.init?.type === 'VariableDeclaration') this.#visitDeclaration(node.init, inner, 'for-init');
        else if (node.init) this.#visit(node.init, inner);
        for (const part of [node.test, node.update, node.body]) if (part) this.#visit(part, inner);
        return;
      }
      case 'ForInStatement':
      case 'ForOfStatement': {
        const inner = this.#loopScope(node.left, scope);
        if (node.left.type === 'VariableDeclaration') this.#visitDeclaration(node.left, inner, 'for-left');
        else this.#visit(node.left, inner);
        this.#visit(node.right, scope);
        return this.#visit(node.body, inner);
      }
      case 'AwaitExpression':
        if (this.#instrumented) wrapAwait(node, this.#edits);
        return this.#visit(node.argument, scope);
      case 'TryStatement':
        this.#visit(node.block, scope);
        if (node.handler) this.#visit(node.handler, scope);
        if (node.finalizer && this.#instrumented) markResumable(node.finalizer, this.#edits);
        if (node.finalizer) this.#visit(node.finalizer, scope);
        return;
      case 'CatchClause': {
        if (this.#instrumented) markResumable(node.body, this.#edits);
        const inner = new Scope(scope, false);
        if (node.param) {
          for (const name of patternNames(node.param)) inner.names.add(name);
          this.#visitBinding(node.param, inner, null);
        }
        return this.#visit(node.body, inner);
      }
      case 'MemberExpression':
        this.#visit(node.object, scope);
        if (node.computed) this.#visit(node.property, scope);
        return;
      case 'Property':
        if (node.computed) this.#visit(node.key, scope);
        if (node.shorthand && this.#rewritesTo(node.value, scope)) this.#edits.insert(node.start, `${keyName(node.key)}: `);
        return this.#visit(node.value, scope);
      case 'MethodDefinition':
      case 'PropertyDefinition':
        if (node.computed) this.#visit(node.key, scope);
        if (node.value) this.#visit(node.value, scope);
        return;
      case 'LabeledStatement':
        return this.#visit(node.body, scope);
      case 'BreakStatement':
      case 'ContinueStatement':
      case 'MetaProperty':
        return;
      case 'UnaryExpression':
        if (node.operator === 'typeof' && node.argument.type === 'Identifier' && this.#isFreeRewrite(node.argument, scope)) {
          const name = node.argument.name;
          this.#references.add(name);
          this.#edits.replace(node.argument.start, node.argument.end, `(${JSON.stringify(name)} in __scope ? __scope.${name} : void 0)`);
          return;
        }
        return this.#visit(node.argument, scope);
      default:
        for (const child of childNodes(node)) this.#visit(child, scope);
    }
  }

  #reference(node: Identifier, scope: Scope): void {
    if (reserved.has(node.name)) throw new RewriteError(reservedMessage(node.name), node.start);
    const resolution = scope.resolve(node.name);
    if (resolution === 'free') this.#references.add(node.name);
    if (this.#rewritesTo(node, scope)) this.#edits.replace(node.start, node.end, `__scope.${node.name}`);
  }

  /** Whether the identifier (or the identifier a default value wraps) becomes `__scope.x`. */
  #rewritesTo(node: AnyNode, scope: Scope): boolean {
    const target = node.type === 'AssignmentPattern' ? node.left : node;
    if (target.type !== 'Identifier') return false;
    const resolution = scope.resolve(target.name);
    return resolution === 'shared' || (resolution === 'free' && !this.#isDirectGlobal(target.name));
  }

  #isFreeRewrite(node: Identifier, scope: Scope): boolean {
    return scope.resolve(node.name) === 'free' && !this.#isDirectGlobal(node.name);
  }

  #isDirectGlobal(name: string): boolean {
    return DIRECT_GLOBALS.has(name) && !this.#sharedNames.has(name);
  }

  #visitDeclaration(node: VariableDeclaration, scope: Scope, position: DeclarationPosition): void {
    const shared = node.kind === 'var' ? scope.varScope.isTop : scope.isTop;
    if (!shared) {
      for (const declarator of node.declarations) {
        this.#visitBinding(declarator.id, scope, null);
        if (declarator.init) this.#visit(declarator.init, scope);
      }
      return;
    }
    const target = node.kind === 'const' ? '__const' : '__let';
    const first = node.declarations[0]!;
    const last = node.declarations.at(-1)!;
    const needsParens =
      (position === 'statement' || position === 'sole-statement') &&
      first.id.type !== 'Identifier' &&
      (first.init !== null || node.kind !== 'var');
    const opening = needsParens ? (position === 'statement' ? ';(' : '(') : '';
    this.#edits.replace(node.start, first.start, opening);
    for (const declarator of node.declarations) {
      if (declarator.init === null && node.kind === 'var' && position !== 'for-left') {
        this.#edits.replace(declarator.start, declarator.end, 'void 0');
        continue;
      }
      this.#visitBinding(declarator.id, scope, target);
      if (declarator.init) this.#visit(declarator.init, scope);
      else if (position !== 'for-left') this.#edits.insert(declarator.end, ' = void 0');
    }
    if (needsParens) this.#edits.insert(last.end, ')');
  }

  /** A binding pattern: names are bound (or, at top level, assigned to `target`); defaults and computed keys are read. */
  #visitBinding(node: AnyNode, scope: Scope, target: '__let' | '__const' | null): void {
    // eslint-disable-next-line @typescript-eslint/switch-exhaustiveness-check -- acorn has ~70 node types; the default walks the rest generically
    switch (node.type) {
      case 'Identifier':
        if (reserved.has(node.name)) throw new RewriteError(reservedMessage(node.name), node.start);
        if (target !== null) this.#edits.replace(node.start, node.end, `${target}.${node.name}`);
        return;
      case 'ObjectPattern':
        for (const property of node.properties) {
          if (property.type === 'RestElement') {
            this.#visitBinding(property.argument, scope, target);
            continue;
          }
          if (property.computed) this.#visit(property.key, scope);
          if (property.shorthand && target !== null) this.#edits.insert(property.start, `${keyName(property.key)}: `);
          this.#visitBinding(property.value, scope, target);
        }
        return;
      case 'ArrayPattern':
        for (const element of node.elements) if (element) this.#visitBinding(element, scope, target);
        return;
      case 'AssignmentPattern':
        this.#visitBinding(node.left, scope, target);
        return this.#visit(node.right, scope);
      case 'RestElement':
        return this.#visitBinding(node.argument, scope, target);
      default:
        return this.#visit(node, scope);
    }
  }

  #visitFunction(node: Extract<AnyNode, { params: unknown }>, scope: Scope): void {
    let outer = scope;
    if (node.type === 'FunctionExpression' && node.id) {
      outer = new Scope(scope, false);
      outer.names.add(node.id.name);
    }
    const inner = new Scope(outer, true);
    if (node.type !== 'ArrowFunctionExpression') inner.names.add('arguments');
    for (const param of node.params) for (const name of patternNames(param)) inner.names.add(name);
    if (node.body.type === 'BlockStatement') {
      for (const name of [...varNames(node.body), ...lexicalNames(node.body.body)]) inner.names.add(name);
    }
    const outerInstrumented = this.#instrumented;
    this.#instrumented = instrumentable(node);
    if (this.#instrumented) openActivation(node, this.#edits.source, this.#edits);
    for (const param of node.params) this.#visitBinding(param, inner, null);
    if (node.body.type === 'BlockStatement') this.visitStatements(node.body.body, inner);
    else this.#visit(node.body, inner);
    if (this.#instrumented) closeActivation(node, this.#edits);
    this.#instrumented = outerInstrumented;
  }

  #visitClass(node: Extract<AnyNode, { type: 'ClassDeclaration' | 'ClassExpression' }>, scope: Scope): void {
    if (node.superClass) this.#visit(node.superClass, scope);
    const inner = new Scope(scope, false);
    if (node.id) inner.names.add(node.id.name);
    for (const member of node.body.body) this.#visit(member, inner);
  }

  #blockScope(statements: readonly AnyNode[], scope: Scope): Scope {
    const inner = new Scope(scope, false);
    for (const name of lexicalNames(statements)) inner.names.add(name);
    return inner;
  }

  #loopScope(head: AnyNode | null | undefined, scope: Scope): Scope {
    if (head?.type !== 'VariableDeclaration' || head.kind === 'var') return scope;
    const inner = new Scope(scope, false);
    for (const declarator of head.declarations) for (const name of patternNames(declarator.id)) inner.names.add(name);
    return inner;
  }
}

const keyName = (key: AnyNode): string => (key.type === 'Identifier' ? key.name : '');

/** Every child node, for node types with no scoping or naming rules of their own. */
function childNodes(node: AnyNode): AnyNode[] {
  const children: AnyNode[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'loc' || key === 'range') continue;
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) children.push(item);
    } else if (isNode(value)) {
      children.push(value);
    }
  }
  return children;
}

function isNode(value: unknown): value is AnyNode {
  return typeof value === 'object' && value !== null && 'type' in value && typeof value.type === 'string';
}
