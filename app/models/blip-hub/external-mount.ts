// A graph's external data as onnxruntime-web takes it (`externalData: [{ path, data }]`), in the
// worker that runs the sessions. A buffer goes as it is. The checkpoint file read from a Blob
// (app/models/hub/file-range.ts) goes as a FileMount: onnxruntime-web 1.30 mounts a Uint8Array it
// is given without copying it (wasm-utils-load-file.ts returns it as is), and while the session
// loads, its WASM side asks the mount only for `byteLength` and `subarray(offset, offset + length)`
// of each initializer, which it copies into its heap at once (ort-wasm-simd-threaded.mjs). So each
// tensor is read from the file just then and dropped after: the file is never in memory whole.
// (Tested in Node on onnxruntime-web's own WASM: blip-hub-variants.test.ts.)
// An entry with `transposed` ranges (the cached decoder's Linear weights, graph-builder.ts) is a
// FileMount over the file or the buffer that hands each of those tensors out transposed, one
// tensor at a time: [out, in] as stored → [in, out] as the graph declares it. The transposed bytes
// go into one buffer the mount reuses (grown to the largest tensor), since onnxruntime has copied a
// range into its heap before it asks for the next: a new array per tensor was 645 MB of garbage for
// blip-base's decoder, which V8 collected late (bench/NOTES-blip-hub.md, "What is left…").
// What the file hands out is a fresh copy per tensor (FileReaderSync's buffer); the mount releases
// it (file-range.ts `release`) once onnxruntime has it — at the next `subarray` call, and at
// `releaseLent` after the session is made — so those copies do not pile up until V8's next full
// collection (app/models/hub/free-buffer.ts).
import type { FileRange } from '../hub/file-range.ts';
import type { ExternalBuffer, ExternalEntry } from './graph-builder.ts';
import { type TransposedRange, transposeBytes } from './transpose-bytes.ts';

/** Where a mount reads from: the file (read range by range) or a buffer in memory (views). */
type MountSource = FileRange | Uint8Array;

const readFrom = (source: MountSource, begin: number, length: number): Uint8Array =>
  source instanceof Uint8Array ? source.subarray(begin, begin + length) : source.read(begin, length);

/** A Uint8Array of no elements of its own that reads `subarray` ranges from the file (or buffer), transposing the ranges listed. */
export class FileMount extends Uint8Array<ArrayBuffer> {
  readonly #source: MountSource;
  readonly #transposed: ReadonlyMap<number, TransposedRange> | null;
  /** Bytes handed out by `subarray` so far (tests and the bench check each tensor is read once). */
  bytesRead = 0;
  /** Where transposed tensors are written, one at a time (see the header). */
  #scratch: ArrayBuffer | null = null;
  /** The file's copy the last `subarray` handed out, until onnxruntime has copied it (see the header). */
  #lent: Uint8Array | null = null;

  constructor(source: MountSource, transposed: ReadonlyMap<number, TransposedRange> | null = null) {
    super(new ArrayBuffer(0));
    this.#source = source;
    this.#transposed = transposed;
    // An own property shadows the prototype's accessor (a class accessor may not override it in TS).
    Object.defineProperty(this, 'byteLength', { value: source instanceof Uint8Array ? source.length : source.size });
  }

  override subarray(begin = 0, end: number = this.byteLength): Uint8Array<ArrayBuffer> {
    // onnxruntime asks for the next range only once it has copied the last one.
    this.releaseLent();
    const length = end - begin;
    let bytes: Uint8Array;
    if (this.#transposed === null) {
      bytes = readFrom(this.#source, begin, length);
      this.#lent = bytes;
    } else {
      const t = this.#transposed.get(begin);
      // Only whole listed tensors: anything else would hand the session bytes in the wrong order.
      if (t === undefined || t.length !== length) throw new Error(`blip: onnxruntime asked for bytes ${begin}–${end - 1} of a transposed weight mount, which is not one of its ${this.#transposed.size} weights`);
      if (this.#scratch === null || this.#scratch.byteLength < length) this.#scratch = new ArrayBuffer(length);
      const stored = readFrom(this.#source, begin, length);
      bytes = transposeBytes(stored, t.rows, t.cols, t.elementBytes, this.#scratch);
      this.#release(stored);
    }
    this.bytesRead += bytes.length;
    // onnxruntime copies the range into its heap at once; a view of the caller's buffer is fine.
    return bytes.buffer instanceof ArrayBuffer ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length) : bytes.slice();
  }

  /** Frees the copy the last `subarray` read from the file (call once the session is made). */
  releaseLent(): void {
    if (this.#lent !== null) this.#release(this.#lent);
    this.#lent = null;
  }

  #release(bytes: Uint8Array): void {
    if (!(this.#source instanceof Uint8Array)) this.#source.release(bytes);
  }
}

const isFileRange = (data: ExternalBuffer): data is FileRange => !(data instanceof Uint8Array);

/** `graph.externalData` for InferenceSession.create; `releaseLent` once the session is made (or failed): `withExternalData` does both. */
export function ortExternalData(externalData: readonly ExternalEntry[]): { entries: { path: string; data: Uint8Array }[]; releaseLent(): void } {
  const entries = externalData.map((e) => ({
    path: e.path,
    data: e.transposed !== undefined ? new FileMount(e.data, e.transposed) : isFileRange(e.data) ? new FileMount(e.data) : e.data,
  }));
  return {
    entries,
    releaseLent() {
      for (const { data } of entries) if (data instanceof FileMount) data.releaseLent();
    },
  };
}

/** `create(entries)` (InferenceSession.create with them as `externalData`), then the mounts' last copies freed, made or not. */
export async function withExternalData<T>(externalData: readonly ExternalEntry[], create: (entries: { path: string; data: Uint8Array }[]) => Promise<T>): Promise<T> {
  const mounts = ortExternalData(externalData);
  try {
    return await create(mounts.entries);
  } finally {
    mounts.releaseLent();
  }
}
