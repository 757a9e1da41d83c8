// Runs one cell: compile, build the AsyncFunction, call it against the shared
// scope, and report the result or the error (with its line and column in the
// cell's source) to the run's output sink. Plain module: Vitest runs it in Node.
import { compileCell, isCompileError, type CompiledCell } from '../compile/compile.ts';
import { AsyncFunction, bodyPosition, type HeaderOffset } from './error-location.ts';
import { formatResult } from './format-value.ts';
import type { OutputSink } from './output-sink.ts';
import type { CellOutput } from '../protocol.ts';
import { CELL_PARAMETERS } from '../compile/cell-names.ts';
import type { AsyncContext } from './async-context.ts';
import type { SharedScope } from './shared-scope.ts';

export { CELL_PARAMETERS };

export interface ExecuteOptions {
  readonly scope: SharedScope;
  readonly sink: OutputSink;
  /** Names this run's code in stack traces; unique per run. */
  readonly sourceUrl: string;
  readonly header: HeaderOffset;
  readonly importModule: (specifier: string) => Promise<unknown>;
  /** Whose output an async function's code is after an await (rewrite-async.ts). */
  readonly asyncContext: AsyncContext;
  /** Runs before the cell, e.g. to load Plot when the cell references it. */
  readonly prepare?: (compiled: CompiledCell) => Promise<void>;
}

export interface ExecuteResult {
  readonly ok: boolean;
  /** Null when the cell did not compile. */
  readonly compiled: CompiledCell | null;
}

export async function executeCell(source: string, options: ExecuteOptions): Promise<ExecuteResult> {
  const { scope, sink } = options;
  const compiled = compileCell(source, { sharedNames: new Set(scope.declaredNames()) });
  if (isCompileError(compiled)) {
    const { message, line, column } = compiled;
    sink.add({ kind: 'error', name: 'SyntaxError', message, line, column });
    return { ok: false, compiled: null };
  }
  let run;
  try {
    await options.prepare?.(compiled);
    run = new AsyncFunction(...CELL_PARAMETERS, `${compiled.body}\n//# sourceURL=${options.sourceUrl}`);
  } catch (error) {
    // Syntax the parser accepts but a function body does not (e.g. `import.meta`).
    sink.add(errorOutput(error, scope));
    return { ok: false, compiled };
  }
  try {
    const value = await run(scope.values, scope.letProxy, scope.constProxy, options.importModule, scope.hoist, options.asyncContext);
    if (compiled.hasResult && value !== undefined) sink.add({ kind: 'result', text: formatResult(value, sink.maxChars) });
    return { ok: true, compiled };
  } catch (error) {
    sink.add(errorOutput(error, scope, locate(error, options.sourceUrl, options.header, compiled)));
    return { ok: false, compiled };
  }
}

export type SourcePosition = { readonly line: number; readonly column: number };

/** 1-based line and column in the cell's source of an error thrown by the run at `sourceUrl`. */
export function locate(error: unknown, sourceUrl: string, header: HeaderOffset, compiled: CompiledCell): SourcePosition | undefined {
  const position = bodyPosition(error, sourceUrl, header);
  if (!position) return undefined;
  const source = compiled.toSourcePosition(position.line, position.column);
  return { line: source.line, column: source.column + 1 };
}

const READ_ONLY = /^Cannot assign to read only property '([^']+)' of object/;
const SCOPE_PREFIX = /\b__scope\./g;

export function errorOutput(error: unknown, scope: SharedScope, position?: SourcePosition): CellOutput {
  let name: string;
  let message: string;
  if (error instanceof Error) {
    name = error.name;
    message = error.message;
    // Constants are read-only properties of the scope; say it as JavaScript would.
    const readOnly = READ_ONLY.exec(message);
    if (error instanceof TypeError && readOnly && scope.isConstant(readOnly[1]!)) message = 'Assignment to constant variable.';
    // V8 quotes the failing expression as compiled ("__scope.q.toFixed(...)");
    // show it as the student wrote it.
    else message = message.replace(SCOPE_PREFIX, '');
  } else {
    name = 'Uncaught';
    message = formatResult(error);
  }
  return position ? { kind: 'error', name, message, line: position.line, column: position.column } : { kind: 'error', name, message };
}
