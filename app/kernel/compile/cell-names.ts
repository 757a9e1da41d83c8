// The names a compiled cell reserves and the globals it reads directly (kernel
// worker and Node; pure data for the compile passes of rewrite.ts and
// rewrite-scope.ts), and the error a rewrite pass throws at an offset.
import { ACTIVATION_LOCAL, ASYNC_PARAMETER } from './rewrite-async.ts';

/** The compiled body's parameters, in order. */
export const CELL_PARAMETERS = ['__scope', '__let', '__const', '__import', '__hoist', ASYNC_PARAMETER] as const;
/** Names a cell may not use: the body's parameters and the async activation's local. */
export const RESERVED_NAMES: readonly string[] = [...CELL_PARAMETERS, ACTIVATION_LOCAL];
export const reserved: ReadonlySet<string> = new Set(RESERVED_NAMES);

/**
 * Free names read straight from the global object, for speed in hot loops
 * (`Math.sqrt` in a loop should not go through a scope lookup). A cell that
 * redefines one of these at top level still works: the compiler is told the
 * names earlier cells declared, and those always go through the scope.
 */
export const DIRECT_GLOBALS: ReadonlySet<string> = new Set([
  'undefined',
  'NaN',
  'Infinity',
  'globalThis',
  'Math',
  'JSON',
  'Number',
  'String',
  'Boolean',
  'BigInt',
  'Symbol',
  'Object',
  'Array',
  'Map',
  'Set',
  'WeakMap',
  'WeakSet',
  'WeakRef',
  'Promise',
  'Reflect',
  'Proxy',
  'Date',
  'RegExp',
  'Intl',
  'Error',
  'TypeError',
  'RangeError',
  'SyntaxError',
  'ReferenceError',
  'EvalError',
  'URIError',
  'AggregateError',
  'ArrayBuffer',
  'DataView',
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
  'isNaN',
  'isFinite',
  'parseInt',
  'parseFloat',
]);

export class RewriteError extends Error {
  readonly offset: number;
  constructor(message: string, offset: number) {
    super(message);
    this.offset = offset;
  }
}

export const EXPORT_MESSAGE = '`export` is not supported in notebook cells: top-level declarations are already shared with cells run later';
export const reservedMessage = (name: string): string => `\`${name}\` is a reserved name in notebook cells; please rename it`;
