// A row-major [rows, cols] matrix of 2- or 4-byte elements, transposed to [cols, rows] (a new
// array, or the start of a buffer the caller reuses). Used on the way from the checkpoint into a session (external-mount.ts, graph-builder.ts):
// the cached decoder multiplies one row at a time, and onnxruntime-web's WASM kernels have a
// fast matrix–vector path only for weights laid out [in, out] (the checkpoint stores [out, in]).
// Tiled so that both sides stay in cache: a plain double loop over a 30524×768 matrix strides
// 3 KB or 120 KB between writes.

export interface TransposedRange {
  /** Bytes of the tensor (rows × cols × elementBytes). */
  readonly length: number;
  readonly rows: number;
  readonly cols: number;
  readonly elementBytes: 2 | 4;
}

// 16: measured fastest in V8 (123 M floats, the decoder's weights: ≈ 0.6 s at 16 and 32, 1.2–1.35 s at 64).
const TILE = 16;

/** `into`: an ArrayBuffer of at least the matrix's bytes to write into (the result is a view of its start). */
export function transposeBytes(bytes: Uint8Array, rows: number, cols: number, elementBytes: 2 | 4, into?: ArrayBuffer): Uint8Array<ArrayBuffer> {
  if (bytes.length !== rows * cols * elementBytes) throw new RangeError(`transpose: ${bytes.length} bytes are not a [${rows}, ${cols}] matrix of ${elementBytes}-byte elements`);
  if (into !== undefined && into.byteLength < bytes.length) throw new RangeError(`transpose: a ${into.byteLength}-byte buffer cannot hold ${bytes.length} bytes`);
  // Typed views need the element alignment; a misaligned view is copied first (the checkpoint readers align tensors).
  const src = bytes.byteOffset % elementBytes === 0 ? bytes : bytes.slice();
  const out = new Uint8Array(into ?? new ArrayBuffer(bytes.length), 0, bytes.length);
  const n = rows * cols;
  const [a, b] = elementBytes === 4
    ? [new Uint32Array(src.buffer, src.byteOffset, n), new Uint32Array(out.buffer, 0, n)]
    : [new Uint16Array(src.buffer, src.byteOffset, n), new Uint16Array(out.buffer, 0, n)];
  for (let r0 = 0; r0 < rows; r0 += TILE) {
    const r1 = Math.min(rows, r0 + TILE);
    for (let c0 = 0; c0 < cols; c0 += TILE) {
      const c1 = Math.min(cols, c0 + TILE);
      for (let r = r0; r < r1; r++) {
        const from = r * cols;
        for (let c = c0; c < c1; c++) b[c * rows + r] = a[from + c]!;
      }
    }
  }
  return out;
}
