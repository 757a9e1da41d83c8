// Rewrites a parsed cell into the body the runtime runs (kernel worker and
// Node), as explicit passes over one edit list, in order:
//   1. declarations: the cell's top-level names (scopes.ts), shared with later cells;
//   2. shared scope: top-level bindings and free names go through the shared
//      scope object, imports and awaits are rewritten on the way (rewrite-scope.ts);
//   3. result: a last expression statement becomes the cell's `return (…)`;
//   4. prologue: `"use strict"`, `var` names hoisted (`__hoist`), function
//      declarations copied to the scope, all before the cell's first line.
// Every edit keeps line breaks, so lines stay where the student wrote them.
import type { Program } from 'acorn';
import { EditList } from './edits.ts';
import { Scope, lexicalNames, varNames } from './scopes.ts';
import { rewriteSharedScope } from './rewrite-scope.ts';

export interface Rewritten {
  readonly declarations: string[];
  readonly references: string[];
  readonly hasResult: boolean;
  /** Statements that must run before the cell's first line (hoisting). */
  readonly prologue: string;
  readonly edits: EditList;
}

export function rewriteProgram(program: Program, code: string, sharedNames: ReadonlySet<string>): Rewritten {
  const edits = new EditList(code);
  // 1. Declarations.
  const top = new Scope(null, true);
  const vars = [...new Set(varNames(program))];
  const declarations = [...new Set(program.body.flatMap((statement) => [...lexicalNames([statement]), ...varNames(statement)]))];
  for (const name of declarations) top.names.add(name);
  // 2. The shared scope.
  const { references, functionNames } = rewriteSharedScope(program, top, edits, sharedNames);
  // 3. The result.
  const hasResult = returnLastExpression(program, edits);
  // 4. The prologue.
  const hoisted = vars.length === 0 ? '' : `__hoist(${vars.map((name) => JSON.stringify(name)).join(', ')}); `;
  const functions = functionNames.map((name) => `__let.${name} = ${name}; `).join('');
  return { declarations, references, hasResult, prologue: `"use strict"; ${hoisted}${functions}`, edits };
}

/** Whether the cell ends with an expression statement; if so it becomes `return (…)`. */
function returnLastExpression(program: Program, edits: EditList): boolean {
  const last = program.body.at(-1);
  if (last?.type !== 'ExpressionStatement') return false;
  // The statement, not the expression: `({ a } = b);` has parentheses outside the expression.
  const end = edits.source[last.end - 1] === ';' ? last.end - 1 : last.end;
  edits.insert(last.start, 'return (');
  edits.insert(end, ')');
  return true;
}
