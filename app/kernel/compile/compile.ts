// Cell compilation: TypeScript source → the body of an AsyncFunction that
// runs against the shared scope (see rewrite.ts for its passes). An explicit,
// pure step, tested with golden files in fixtures/compile/.
import { parse } from 'acorn';
import { LineIndex } from './edits.ts';
import { RewriteError } from './cell-names.ts';
import { rewriteProgram } from './rewrite.ts';
import { transpile } from './transpile.ts';

export interface CompiledCell {
  /** Names this cell declares at top level (shared with later cells), in source order. */
  readonly declarations: readonly string[];
  /** Free identifiers: names the cell reads but does not declare, sorted. */
  readonly references: readonly string[];
  /**
   * The AsyncFunction body, taking (__scope, __let, __const, __import, __hoist).
   * Line N of the body is line N of the cell; line 1 starts with a prologue.
   */
  readonly body: string;
  /** Whether the cell ends with an expression whose value is its result. */
  readonly hasResult: boolean;
  /** Maps a 1-based line and 0-based column in `body` to the same in the cell's source. */
  readonly toSourcePosition: (line: number, column: number) => { line: number; column: number };
}

export interface CompileError {
  readonly message: string;
  /** 1-based, in the cell's own source. */
  readonly line: number;
  /** 1-based, in the cell's own source. */
  readonly column: number;
}

export interface CompileOptions {
  /** Names declared by cells run earlier; they shadow globals of the same name. */
  readonly sharedNames?: ReadonlySet<string>;
}

export const isCompileError = (result: CompiledCell | CompileError): result is CompileError => 'message' in result;

export function compileCell(source: string, options: CompileOptions = {}): CompiledCell | CompileError {
  const transpiled = transpile(source);
  if ('message' in transpiled) {
    const { line, column } = new LineIndex(source).positionOf(transpiled.offset);
    return { message: transpiled.message, line, column: column + 1 };
  }
  const jsLines = new LineIndex(transpiled.code);
  const errorAt = (message: string, offset: number): CompileError => {
    const { line, column } = jsLines.positionOf(offset);
    return { message, line, column: transpiled.toSourceColumn(line, column) + 1 };
  };
  let rewritten;
  try {
    const program = parse(transpiled.code, {
      ecmaVersion: 'latest',
      sourceType: 'module',
      allowAwaitOutsideFunction: true,
    });
    rewritten = rewriteProgram(program, transpiled.code, options.sharedNames ?? new Set());
  } catch (error) {
    if (error instanceof RewriteError) return errorAt(error.message, error.offset);
    if (error instanceof SyntaxError && 'pos' in error && typeof error.pos === 'number') {
      return errorAt(error.message.replace(/\s*\(\d+:\d+\)$/, ''), error.pos);
    }
    throw error;
  }
  const edited = rewritten.edits.apply();
  const { prologue } = rewritten;
  const body = prologue + edited.text;
  const bodyLines = new LineIndex(body);
  const toSourcePosition = (line: number, column: number): { line: number; column: number } => {
    const bodyOffset = bodyLines.offsetOf(line, column);
    const jsOffset = bodyOffset < prologue.length ? 0 : edited.toOriginal(bodyOffset - prologue.length);
    const js = jsLines.positionOf(jsOffset);
    return { line: js.line, column: transpiled.toSourceColumn(js.line, js.column) };
  };
  return {
    declarations: rewritten.declarations,
    references: rewritten.references,
    body,
    hasResult: rewritten.hasResult,
    toSourcePosition,
  };
}
