// The module around wasm-emit.ts's function bodies (runs in the page, workers and Node): types,
// the imported memory env.mem (shared or not), the functions, their exports and code, as bytes.
import { type FunctionBuilder, I32, mutableV128Global, uleb, vec } from './wasm-emit.ts';

const name = (s: string): number[] => {
  const bytes = [...new TextEncoder().encode(s)];
  return [...uleb(bytes.length), ...bytes];
};
const section = (id: number, bytes: readonly number[]): number[] => [id, ...uleb(bytes.length), ...bytes];

export interface ModuleSpec {
  /** Parameter counts (all i32, no results) of each function type. */
  readonly types: readonly number[];
  /** Each function: its type index and body. */
  readonly functions: readonly { readonly type: number; readonly body: FunctionBuilder }[];
  /** The export (a function index). */
  readonly exportName: string;
  readonly exportIndex: number;
  /** Further exported functions (activations.ts exports several), after the first. */
  readonly moreExports?: readonly { readonly name: string; readonly index: number }[];
  /** Imported as env.mem, with this many pages at most. */
  readonly maxPages: number;
  /** A shared memory (needs SharedArrayBuffer: threads) or a plain one; the instance's memory must match. */
  readonly shared: boolean;
  /** Mutable v128 globals with these 16 bytes each (wasm-emit.ts's ConstPool: the functions' constants). */
  readonly globals?: readonly (readonly number[])[];
}

export function moduleBytes(spec: ModuleSpec): Uint8Array<ArrayBuffer> {
  const types = spec.types.map((n) => [0x60, ...vec(new Array<number[]>(n).fill([I32])), 0]);
  // limits flag 0x03: shared, with a maximum (shared memories must have one); 0x01: not shared, with a maximum
  const memory = [spec.shared ? 0x03 : 0x01, ...uleb(1), ...uleb(spec.maxPages)];
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, vec(types)),
    ...section(2, vec([[...name('env'), ...name('mem'), 0x02, ...memory]])),
    ...section(3, vec(spec.functions.map((f) => uleb(f.type)))),
    ...(spec.globals?.length ? section(6, vec(spec.globals.map(mutableV128Global))) : []),
    ...section(
      7,
      vec(
        [{ name: spec.exportName, index: spec.exportIndex }, ...(spec.moreExports ?? [])].map((e) => [
          ...name(e.name),
          0x00,
          ...uleb(e.index),
        ]),
      ),
    ),
    ...section(10, vec(spec.functions.map((f) => f.body.bytes()))),
  ]);
}
