// transposeBytes against the definition (seeded sizes across tile edges, 2- and 4-byte elements,
// a misaligned view) and the FileMount that hands listed tensors out transposed.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../shared/seeded-random.ts';
import { FileMount } from './external-mount.ts';
import { transposeBytes } from './transpose-bytes.ts';

describe('transposeBytes', () => {
  it('is out[c][r] = in[r][c] for float32 and 16-bit elements, across tile edges', () => {
    const random = seededRandom(7);
    for (const [rows, cols] of [[1, 1], [3, 5], [64, 64], [65, 130], [200, 7]] as const) {
      const f = Float32Array.from({ length: rows * cols }, () => random() * 2 - 1);
      const t = new Float32Array(transposeBytes(new Uint8Array(f.buffer), rows, cols, 4).buffer);
      const h = Uint16Array.from({ length: rows * cols }, () => Math.floor(random() * 65536));
      const th = new Uint16Array(transposeBytes(new Uint8Array(h.buffer), rows, cols, 2).buffer);
      for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) {
        expect(t[c * rows + r]).toBe(f[r * cols + c]);
        expect(th[c * rows + r]).toBe(h[r * cols + c]);
      }
    }
  });

  it('reads a misaligned view and refuses a length that is not the matrix', () => {
    const bytes = new Uint8Array(1 + 2 * 3 * 4);
    new DataView(bytes.buffer).setFloat32(1 + 4, 2.5, true); // [0][1]
    const t = new Float32Array(transposeBytes(bytes.subarray(1), 2, 3, 4).buffer);
    expect(t[1 * 2 + 0]).toBe(2.5);
    expect(() => transposeBytes(new Uint8Array(10), 2, 3, 4)).toThrow('10 bytes are not a [2, 3] matrix of 4-byte elements');
  });

  it('writes into the start of a buffer it is given, and refuses one too small', () => {
    const into = new ArrayBuffer(64);
    new Uint8Array(into).fill(0xee);
    const t = transposeBytes(new Uint8Array(Float32Array.of(1, 2, 3, 4, 5, 6).buffer), 2, 3, 4, into);
    expect(t.buffer).toBe(into);
    expect([...new Float32Array(into, 0, 6)]).toEqual([1, 4, 2, 5, 3, 6]);
    expect(new Uint8Array(into)[24]).toBe(0xee);
    expect(() => transposeBytes(new Uint8Array(24), 2, 3, 4, new ArrayBuffer(20))).toThrow('a 20-byte buffer cannot hold 24 bytes');
  });
});

describe('FileMount with transposed ranges', () => {
  it('hands out the listed tensors transposed, counts the bytes, and refuses any other range', () => {
    const w = Float32Array.of(1, 2, 3, 4, 5, 6); // [2, 3] at byte 8
    const buffer = new Uint8Array(8 + w.byteLength);
    buffer.set(new Uint8Array(w.buffer), 8);
    const mount = new FileMount(buffer, new Map([[8, { length: 24, rows: 2, cols: 3, elementBytes: 4 as const }]]));
    expect(mount.byteLength).toBe(32);
    expect([...new Float32Array(mount.subarray(8, 32).buffer)]).toEqual([1, 4, 2, 5, 3, 6]);
    expect(mount.bytesRead).toBe(24);
    expect(() => mount.subarray(0, 8)).toThrow('bytes 0–7 of a transposed weight mount, which is not one of its 1 weights');
    expect(() => mount.subarray(8, 20)).toThrow('bytes 8–19');
  });

  it('reuses one buffer for the transposed tensors, each handed out whole and right while it is asked for', () => {
    const big = Float32Array.from({ length: 12 }, (_, i) => i + 1); // [3, 4] at byte 0
    const small = Float32Array.of(-1, -2, -3, -4, -5, -6); // [3, 2] at byte 48
    const buffer = new Uint8Array(big.byteLength + small.byteLength);
    buffer.set(new Uint8Array(big.buffer), 0);
    buffer.set(new Uint8Array(small.buffer), 48);
    const mount = new FileMount(buffer, new Map([[0, { length: 48, rows: 3, cols: 4, elementBytes: 4 as const }], [48, { length: 24, rows: 3, cols: 2, elementBytes: 4 as const }]]));
    const floats = (v: Uint8Array) => [...new Float32Array(v.buffer, v.byteOffset, v.length / 4)];
    const first = mount.subarray(0, 48);
    expect(floats(first)).toEqual([1, 5, 9, 2, 6, 10, 3, 7, 11, 4, 8, 12]);
    const second = mount.subarray(48, 72);
    expect(second.length).toBe(24);
    expect(floats(second)).toEqual([-1, -3, -5, -2, -4, -6]);
    // The same memory: the first view now shows the second tensor (onnxruntime copied it before asking again).
    expect(second.buffer).toBe(first.buffer);
  });
});
