// withFloat32 (checkpoint-weights.ts) on hand-made tensors: the values of a file-backed tensor
// given to `consume` and its read released afterwards (also when `consume` throws), a view where the
// bytes are 4-aligned and a copy where not, and other dtypes or shapes refused by name.
import { describe, expect, it } from 'vitest';
import { fileTensor, type FileRange } from '../hub/file-range.ts';
import type { CheckpointTensor } from '../hub/checkpoint.ts';
import { withFloat32 } from './checkpoint-weights.ts';

/** A file read range by range (fresh copies, as FileReaderSync gives), recording what it releases. */
function recordingRange(bytes: Uint8Array<ArrayBuffer>): FileRange & { readonly released: Uint8Array[] } {
  const released: Uint8Array[] = [];
  return {
    size: bytes.length, source: 'test.safetensors', inMemory: false, released,
    read: (start, length) => bytes.slice(start, start + length),
    release: (b) => void released.push(b),
  };
}

const floats = Float32Array.from([1.5, -2, 3.25, 0, 7, -0.5]);
const fileBytes = (): Uint8Array<ArrayBuffer> => {
  // 2 bytes of header first: a tensor at offset 2 is unaligned in a file held whole
  const out = new Uint8Array(2 + floats.byteLength);
  out.set(new Uint8Array(floats.buffer), 2);
  return out;
};
const tensors = (t: CheckpointTensor): ReadonlyMap<string, CheckpointTensor> => new Map([[t.name, t]]);

describe('withFloat32', () => {
  it('gives a file-backed tensor\'s values to consume (a view of the fresh read), then releases that read', () => {
    const file = recordingRange(fileBytes());
    const t = fileTensor(file, 'w', 'float32', [2, 3], 2, floats.byteLength);
    let seen: Float32Array | null = null;
    const sum = withFloat32(tensors(t), 'w', [2, 3], 'test', (v) => {
      seen = v;
      expect(file.released).toHaveLength(0);
      return v.reduce((a, b) => a + b, 0);
    });
    expect(sum).toBe(9.25);
    expect(Array.from(seen!)).toEqual(Array.from(floats));
    expect(file.released).toHaveLength(1);
    expect(file.released[0]!.buffer).toBe(seen!.buffer); // a view: nothing copied
  });

  it('releases the read when consume throws, and passes the error on', () => {
    const file = recordingRange(fileBytes());
    const t = fileTensor(file, 'w', 'float32', [6], 2, floats.byteLength);
    expect(() =>
      withFloat32(tensors(t), 'w', [6], 'test', () => {
        throw new Error('pack failed');
      }),
    ).toThrow('pack failed');
    expect(file.released).toHaveLength(1);
  });

  it('copies an unaligned tensor of a file held whole (the file itself is not viewed, so not writable through it)', () => {
    const bytes = fileBytes();
    const held: FileRange = { size: bytes.length, source: 'held', inMemory: true, read: (s, n) => bytes.subarray(s, s + n), release: () => undefined };
    // fileTensor copies an unaligned in-memory tensor itself; a raw unaligned view must be copied by withFloat32
    const raw: CheckpointTensor = { name: 'w', dtype: 'float32', shape: [6], bytes: bytes.subarray(2), copied: false, byteLength: floats.byteLength };
    for (const t of [fileTensor(held, 'w', 'float32', [6], 2, floats.byteLength), raw])
      withFloat32(tensors(t), 'w', [6], 'test', (v) => {
        expect(Array.from(v)).toEqual(Array.from(floats));
        expect(v.buffer).not.toBe(bytes.buffer);
      });
  });

  it('refuses another dtype and a wrong shape, naming the tensor', () => {
    const file = recordingRange(fileBytes());
    const half = fileTensor(file, 'h', 'float16', [6], 2, 12);
    expect(() => withFloat32(tensors(half), 'h', [6], 'the test engine', () => 0)).toThrow("the test engine reads float32 weights only; tensor 'h' is float16");
    const t = fileTensor(file, 'w', 'float32', [6], 2, floats.byteLength);
    expect(() => withFloat32(tensors(t), 'w', [2, 2], 'test', () => 0)).toThrow(/'w'/);
  });
});
