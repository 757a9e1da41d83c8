// Output after an `await` belongs to whoever called the async function (the
// cell, or the timer callback, that started it), as Jupyter shows a thread's
// output in the cell that started it. The host cannot follow an `await` by
// itself (Promise is frozen, and native `await` never calls a patched `then`),
// so the compiler marks every place an async function of cell code resumes:
//
//   async function f() { BODY }
//   → async function f() { const __act = __async.enter(); try { BODY } finally { __async.leave(__act) } }
//   await X          → __async.resume(__act, await __async.pause(__act, X))
//   catch (e) { … }  → catch (e) { __async.caught(__act); … }   (also `finally {`: reached from a rejected await)
//
// enter() records the owner current at the call; resume() makes it current
// again for the synchronous stretch after each await, pause() and leave() end
// that stretch (app/kernel/runtime/async-context.ts). Lines and columns do not move:
// every insertion is on the line it belongs to.
//
// Not instrumented (they keep the old rule: output goes to the running, else
// the latest run): async generators and functions whose own body has a
// `for await` (their implicit awaits have no place to mark), and the cell's
// top level (it runs while its own run does, so the old rule is already right).
import type { AnyNode, AwaitExpression, BlockStatement } from 'acorn';
import type { EditList } from './edits.ts';

/** The compiled body's parameter that holds async-context.ts's functions, and each activation's local. */
export const ASYNC_PARAMETER = '__async';
export const ACTIVATION_LOCAL = '__act';

type FunctionNode = Extract<AnyNode, { type: 'FunctionDeclaration' | 'FunctionExpression' | 'ArrowFunctionExpression' }>;

/** Whether `fn` gets an activation: async, not a generator, with an `await` and no `for await` of its own. */
export function instrumentable(fn: FunctionNode): boolean {
  if (!fn.async || fn.generator) return false;
  const own = ownAwaits(fn.body);
  return own.await && !own.forAwait;
}

/** Awaits in `node` outside nested functions (a class's members are functions too, or cannot await). */
function ownAwaits(node: AnyNode, found = { await: false, forAwait: false }): { await: boolean; forAwait: boolean } {
  if (node.type === 'AwaitExpression') found.await = true;
  if (node.type === 'ForOfStatement' && node.await) found.forAwait = true;
  if (
    node.type === 'FunctionDeclaration' ||
    node.type === 'FunctionExpression' ||
    node.type === 'ArrowFunctionExpression' ||
    node.type === 'ClassBody'
  )
    return found;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'loc') continue;
    const children: unknown[] = Array.isArray(value) ? value : [value];
    for (const child of children) if (isNode(child)) ownAwaits(child, found);
  }
  return found;
}

function isNode(value: unknown): value is AnyNode {
  return typeof value === 'object' && value !== null && 'type' in value && typeof value.type === 'string';
}

const ENTER = `const ${ACTIVATION_LOCAL} = ${ASYNC_PARAMETER}.enter(); try { `;
const LEAVE = ` } finally { ${ASYNC_PARAMETER}.leave(${ACTIVATION_LOCAL}) }`;

/** Opens the activation; call before visiting the body (its edits at the same offset come after). */
export function openActivation(fn: FunctionNode, code: string, edits: EditList): void {
  if (fn.body.type === 'BlockStatement') return edits.insert(fn.body.start + 1, ENTER);
  // `async x => (expr)`: the body's parentheses lie outside its node, so start right after the arrow.
  edits.insert(arrowEnd(fn, code), `{ ${ENTER}return (`);
}

/** Closes the activation; call after visiting the body (so its closing text comes last). */
export function closeActivation(fn: FunctionNode, edits: EditList): void {
  if (fn.body.type === 'BlockStatement') return edits.insert(fn.body.end - 1, LEAVE);
  edits.insert(fn.end, `)${LEAVE} }`);
}

function arrowEnd(fn: FunctionNode, code: string): number {
  const from = fn.params.at(-1)?.end ?? fn.start;
  const at = code.indexOf('=>', from);
  if (at < 0 || at >= fn.body.start) throw new Error('arrow function without =>');
  return at + 2;
}

/** `await X` → resume(pause(X)); call before visiting X. */
export function wrapAwait(node: AwaitExpression, edits: EditList): void {
  edits.insert(node.start, `${ASYNC_PARAMETER}.resume(${ACTIVATION_LOCAL}, `);
  edits.insert(node.argument.start, `${ASYNC_PARAMETER}.pause(${ACTIVATION_LOCAL}, `);
  edits.insert(node.argument.end, ')');
  edits.insert(node.end, ')');
}

/** The start of a catch or finally block, which a rejected await may resume into. */
export function markResumable(block: BlockStatement, edits: EditList): void {
  edits.insert(block.start + 1, `${ASYNC_PARAMETER}.caught(${ACTIVATION_LOCAL}); `);
}
