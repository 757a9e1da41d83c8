// A graph's external data as onnxruntime-web takes it (`externalData: [{ path, data }]`), in the
// worker that runs the sessions. A buffer goes as it is. The checkpoint file read from a Blob
// (app/models/hub/file-range.ts) goes as a FileMount: onnxruntime-web 1.30 mounts a Uint8Array it
// is given without copying it (wasm-utils-load-file.ts returns it as is), and while the session
// loads, its WASM side asks the mount only for `byteLength` and `subarray(offset, offset + length)`
// of each initializer, which it copies into its heap at once (ort-wasm-simd-threaded.mjs). So each
// tensor is read from the file just then and dropped after: the file is never in memory whole.
// (Tested in Node on onnxruntime-web's own WASM: blip-hub-variants.test.ts.)
import type { FileRange } from '../hub/file-range.ts';
import type { ExternalBuffer } from './graph-builder.ts';

/** A Uint8Array of no elements of its own that reads `subarray` ranges from the file. */
export class FileMount extends Uint8Array<ArrayBuffer> {
  readonly #file: FileRange;
  /** Bytes handed out by `subarray` so far (tests and the bench check each tensor is read once). */
  bytesRead = 0;

  constructor(file: FileRange) {
    super(new ArrayBuffer(0));
    this.#file = file;
    // An own property shadows the prototype's accessor (a class accessor may not override it in TS).
    Object.defineProperty(this, 'byteLength', { value: file.size });
  }

  override subarray(begin = 0, end: number = this.#file.size): Uint8Array<ArrayBuffer> {
    const bytes = this.#file.read(begin, end - begin);
    this.bytesRead += bytes.length;
    return bytes;
  }
}

const isFileRange = (data: ExternalBuffer): data is FileRange => !(data instanceof Uint8Array);

/** `graph.externalData` for InferenceSession.create. */
export function ortExternalData(externalData: readonly { readonly path: string; readonly data: ExternalBuffer }[]): { path: string; data: Uint8Array }[] {
  return externalData.map((e) => ({ path: e.path, data: isFileRange(e.data) ? new FileMount(e.data) : e.data }));
}
