// The readers over a file read range by range (what a worker does with the cache's Blob):
// the same tensors as from the file held whole, only the header/directory read up front,
// each tensor's bytes read from its own range when asked, and clear errors past the end.
import { describe, expect, it } from 'vitest';
import type { Checkpoint } from './checkpoint.ts';
import { CheckpointFormatError } from './errors.ts';
import { blobRange, bytesRange, syncBlobReader, type FileRange } from './file-range.ts';
import { readCheckpoint, readCheckpointRange } from './read-checkpoint.ts';
import { readShared } from './shared-blip.node.ts';
import { stateDict, writeTorchBin } from './torch-bin-write.ts';

/** A file read range by range, as blobRange reads a Blob, counting what is read. */
function countedRange(bytes: Uint8Array<ArrayBuffer>, source: string): FileRange & { readonly reads: number[] } {
  const reads: number[] = [];
  return {
    size: bytes.length, source, inMemory: false, reads,
    read(start, length) {
      if (start + length > bytes.length) throw new CheckpointFormatError(`${source}: past the end`);
      reads.push(length);
      return bytes.slice(start, start + length);
    },
    release() {
      // Its copies are left to the garbage collector.
    },
  };
}

function sameTensors(a: Checkpoint, b: Checkpoint): void {
  expect([...b.tensors.keys()]).toEqual([...a.tensors.keys()]);
  expect([...b.aliases]).toEqual([...a.aliases]);
  for (const [name, t] of a.tensors) {
    const u = b.tensors.get(name)!;
    expect([u.dtype, u.shape, u.byteLength]).toEqual([t.dtype, t.shape, t.byteLength]);
    expect(sameBytes(u.bytes, t.bytes)).toBe(true);
  }
}

// Byte for byte (vitest's deep equality walks a typed array element by element: far too slow here).
const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a.buffer, a.byteOffset, a.length).equals(Buffer.from(b.buffer, b.byteOffset, b.length));

describe('checkpoints read range by range', () => {
  for (const file of ['model.safetensors', 'pytorch_model.bin']) {
    it(`${file} of the shared checkpoint: the same tensors as read whole; only the header is read first`, () => {
      const bytes = readShared('micro-a', file);
      const whole = readCheckpoint(bytes, file);
      const range = countedRange(bytes, file);
      const lazy = readCheckpointRange(range);
      const upFront = range.reads.reduce((n, r) => n + r, 0);
      expect(upFront).toBeLessThan(bytes.length * 0.2);
      expect(lazy.fileBytes).toBe(bytes.length);
      for (const t of lazy.tensors.values()) {
        expect(t.stored?.file).toBe(range);
        expect(t.copied).toBe(false);
      }
      range.reads.length = 0;
      const name = 'text_decoder.bert.embeddings.word_embeddings.weight';
      const one = lazy.tensors.get(name)!;
      expect(sameBytes(one.bytes, whole.tensors.get(name)!.bytes)).toBe(true);
      expect(range.reads).toEqual([one.byteLength]); // that tensor's range, nothing else
      sameTensors(whole, lazy);
    });
  }

  it('a tensor in memory is a view of the buffer (nothing read twice)', () => {
    const bytes = readShared('micro-a', 'model.safetensors');
    const t = [...readCheckpointRange(bytesRange(bytes, 'm')).tensors.values()][0]!;
    expect(t.bytes.buffer).toBe(bytes.buffer);
    expect(t.stored).toBeUndefined();
  });

  it('a truncated .bin read range by range says where it ends', () => {
    const sd = stateDict([{ name: 'w', dtype: 'float32', shape: [2, 2], data: new Uint8Array(new Float32Array([1, 2, 3, 4]).buffer) }]);
    const bin = writeTorchBin(sd.storages, sd.views);
    expect(() => readCheckpointRange(countedRange(bin.slice(0, bin.length - 10), 'cut.bin'))).toThrow(CheckpointFormatError);
    expect(() => bytesRange(bin, 'b.bin').read(bin.length - 2, 4)).toThrow(`b.bin: bytes ${bin.length - 2}–${bin.length + 1} are past the end of the file (${bin.length} bytes; truncated?)`);
  });

  it('a Blob range frees a copy it read when released (the buffer detached), and ignores bytes it did not read', () => {
    const bytes = new Uint8Array(64).map((_, i) => i);
    // FileReaderSync is a worker's; here a reader with its contract (a new buffer per read) over the Blob's bytes.
    const slices = new Map<Blob, [number, number]>();
    class RangeBlob extends Blob {
      override slice(start = 0, end = this.size): Blob {
        const part = super.slice(start, end);
        slices.set(part, [start, end]);
        return part;
      }
    }
    const range = blobRange(new RangeBlob([bytes]), 'b.bin', { readAsArrayBuffer: (part) => bytes.slice(...(slices.get(part) ?? [0, 0])).buffer });
    const first = range.read(8, 16);
    const second = range.read(8, 16);
    expect([...first]).toEqual([...bytes.subarray(8, 24)]);
    range.release(first);
    expect(first.buffer.byteLength).toBe(0); // detached: its memory went with the message nobody receives
    expect([...second]).toEqual([...bytes.subarray(8, 24)]);
    const foreign = bytes.slice(0, 8);
    range.release(foreign);
    range.release(first); // twice: nothing more happens
    expect(foreign.byteLength).toBe(8);
  });

  it('a file in memory keeps its views when one is released', () => {
    const bytes = new Uint8Array(32).fill(7);
    const range = bytesRange(bytes, 'm.bin');
    const view = range.read(4, 8);
    range.release(view);
    expect(view.byteLength).toBe(8);
    expect(bytes.buffer.byteLength).toBe(32);
  });

  it('FileReaderSync exists only in workers: Node has none, so from_pretrained reads the file whole here', () => {
    expect(syncBlobReader()).toBeNull();
  });
});
