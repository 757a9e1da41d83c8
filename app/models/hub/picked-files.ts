// from_pretrained on files the student picked or dropped (a checkpoint folder
// from their own disk, e.g. one a teacher handed out on a USB stick): read
// from the Files themselves, never cached (they are already local), matched by
// base name (a picked folder's webkitRelativePath is "folder/config.json").
import type { Progress } from '../fetch-bytes.ts';
import { MemoryError } from '../fetch-bytes.ts';
import { formatBytes } from '../model-cache.ts';
import { HubError } from './errors.ts';
import { blobRange, syncBlobReader } from './file-range.ts';
import type { FileSource } from './from-pretrained.ts';

/** What a file input or a drop gives (a File, or a Blob with a name). */
export interface PickedFile extends Blob {
  readonly name: string;
}

const isPicked = (v: unknown): v is PickedFile => typeof Blob !== 'undefined' && v instanceof Blob && typeof (v as { name?: unknown }).name === 'string';

export function isPickedFiles(v: unknown): v is readonly PickedFile[] {
  return Array.isArray(v) && v.length > 0 && v.every(isPicked);
}

export function pickedSource(picked: readonly PickedFile[], onProgress?: Progress): FileSource {
  const byName = new Map<string, PickedFile>();
  for (const f of picked) byName.set(f.name.replace(/^.*\//, ''), f);
  const total = picked.reduce((n, f) => n + f.size, 0);
  let read = 0;
  const reader = syncBlobReader();
  const label = `the picked files (${[...byName.keys()].sort().join(', ')})`;
  return {
    label,
    async read(file) {
      const f = byName.get(file);
      if (f === undefined) throw new HubError(`${label} have no ${file}`, 'not-found', file);
      let bytes: Uint8Array<ArrayBuffer>;
      try {
        bytes = new Uint8Array(await f.arrayBuffer());
      } catch (e) {
        if (e instanceof RangeError) throw new MemoryError(`out of memory: reading ${file} needs ${(f.size / 1e6).toFixed(1)} MB in one piece (${e.message})`, f.size);
        throw e;
      }
      read += bytes.length;
      onProgress?.(read, total);
      return { bytes, url: file };
    },
    // In a worker a picked File is read range by range where it lies (file-range.ts), never whole.
    ...(reader === null
      ? {}
      : {
          open(file: string) {
            const f = byName.get(file);
            if (f === undefined) return Promise.reject(new HubError(`${label} have no ${file}`, 'not-found', file));
            read += f.size;
            onProgress?.(read, total);
            return Promise.resolve({ range: blobRange(f, file, reader), url: file });
          },
        }),
    has: (file) => Promise.resolve(byName.has(file)),
    forget: () => Promise.resolve(0),
    summary: (weights) => `Read ${formatBytes(read)} from ${label} (${weights})`,
  };
}
