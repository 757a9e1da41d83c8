// Random access to a checkpoint file, synchronous, so the readers (safetensors.ts, zip-stored.ts,
// torch-bin.ts) and onnxruntime-web's external-data loader (which copies each initializer from a
// mounted buffer inside one synchronous call) can use it alike:
// - a file held in memory: `read` gives views (nothing copied);
// - a Blob in a worker (the model cache's disk-backed Blob, or a picked File): `read` copies that
//   range out of the Blob with FileReaderSync. The 990 MB checkpoint is then never in memory whole:
//   each tensor is read when a graph's session loads it and dropped once the session has it, which
//   is what keeps BLIP-base under 3 GB in the browser (app/models/blip-hub/CONTEXT.md). A caller
//   done with a range `release`s it, which frees that copy now rather than at the next full garbage
//   collection (free-buffer.ts says why that matters).
import type { CheckpointDtype, CheckpointTensor } from './checkpoint.ts';
import { ITEM_SIZE } from './dtypes.ts';
import { CheckpointFormatError } from './errors.ts';
import { freeBufferNow } from './free-buffer.ts';

export interface FileRange {
  /** The file's size in bytes. */
  readonly size: number;
  /** What errors name (the file's URL or name). */
  readonly source: string;
  /** True when the whole file is in memory (`read` returns views); false when each read copies from disk. */
  readonly inMemory: boolean;
  /** `length` bytes from `start`; a range past the end is a CheckpointFormatError naming the file. */
  read(start: number, length: number): Uint8Array<ArrayBuffer>;
  /**
   * Frees the copy `read` returned (when it was a copy: views of a file in memory are left alone,
   * as is anything `read` did not return). The bytes read as empty afterwards: only for a caller
   * that has finished with them and kept no other view.
   */
  release(bytes: Uint8Array): void;
}

function checkRange(size: number, source: string, start: number, length: number): void {
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(length) || start < 0 || length < 0 || start + length > size)
    throw new CheckpointFormatError(`${source}: bytes ${start}–${start + length - 1} are past the end of the file (${size} bytes; truncated?)`);
}

/** A file held in memory: reads are views of `bytes`. */
export function bytesRange(bytes: Uint8Array<ArrayBuffer>, source: string): FileRange {
  return {
    size: bytes.length,
    source,
    inMemory: true,
    read(start, length) {
      checkRange(bytes.length, source, start, length);
      return bytes.subarray(start, start + length);
    },
    release() {
      // Views of `bytes`: nothing was copied.
    },
  };
}

/** The part of a worker's FileReaderSync used here (lib.dom has no type for it). */
interface SyncBlobReader {
  readAsArrayBuffer(blob: Blob): ArrayBuffer;
}

/** FileReaderSync, where this context has it (dedicated and shared workers; not pages, not Node). */
export function syncBlobReader(): SyncBlobReader | null {
  const ctor: unknown = Reflect.get(globalThis, 'FileReaderSync');
  if (typeof ctor !== 'function') return null;
  const made: unknown = Reflect.construct(ctor, []);
  return typeof made === 'object' && made !== null && typeof Reflect.get(made, 'readAsArrayBuffer') === 'function' ? (made as SyncBlobReader) : null;
}

/**
 * A Blob read range by range, synchronously. `reader` is FileReaderSync in a worker (tests pass one
 * over bytes). A Blob that can no longer be read (its cache entry removed, the disk gone) is an error
 * naming the file and the range, as is running out of memory for a range.
 */
export function blobRange(blob: Blob, source: string, reader: SyncBlobReader): FileRange {
  const size = blob.size;
  // The buffers `read` made, so that `release` frees only those.
  const lent = new WeakSet<ArrayBuffer>();
  return {
    size,
    source,
    inMemory: false,
    read(start, length) {
      checkRange(size, source, start, length);
      try {
        const buffer = reader.readAsArrayBuffer(blob.slice(start, start + length));
        lent.add(buffer);
        return new Uint8Array(buffer);
      } catch (e) {
        const why = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
        throw new Error(`${source}: could not read bytes ${start}–${start + length - 1} (${(length / 1e6).toFixed(1)} MB) of the file (${why}); if it was removed from this browser's cache, load the model again`, { cause: e });
      }
    },
    release(bytes) {
      const { buffer } = bytes;
      if (!(buffer instanceof ArrayBuffer) || !lent.has(buffer)) return;
      lent.delete(buffer);
      freeBufferNow(buffer);
    },
  };
}

/**
 * A tensor at bytes [start, start + length) of `file`. In memory: a view (a copy of this tensor
 * alone when `start` is not a multiple of the element size). From a Blob: `bytes` reads the range
 * on each access (callers read once and drop it), `stored` says where it lies.
 */
export function fileTensor(file: FileRange, name: string, dtype: CheckpointDtype, shape: readonly number[], start: number, length: number): CheckpointTensor {
  if (file.inMemory) {
    const view = file.read(start, length);
    const aligned = view.byteOffset % ITEM_SIZE[dtype] === 0;
    return Object.freeze({ name, dtype, shape, bytes: aligned ? view : view.slice(), copied: !aligned, byteLength: length });
  }
  checkRange(file.size, file.source, start, length);
  return Object.freeze({
    name, dtype, shape, copied: false, byteLength: length, stored: Object.freeze({ file, offset: start }),
    get bytes(): Uint8Array<ArrayBuffer> {
      return file.read(start, length);
    },
  });
}
