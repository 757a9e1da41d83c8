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
});
