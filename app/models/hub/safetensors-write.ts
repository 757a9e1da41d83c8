// Writes model.safetensors bytes (for tests, fixtures and the bench's
// BLIP-base-sized checkpoint; the app itself only reads). Same layout as the
// safetensors library: header padded with spaces to a multiple of 8, tensors
// in the order given, packed.
import type { CheckpointDtype } from './checkpoint.ts';
import { ITEM_SIZE, SAFETENSORS_DTYPES } from './dtypes.ts';

export interface TensorToWrite {
  readonly name: string;
  readonly dtype: CheckpointDtype;
  readonly shape: readonly number[];
  /** numel × itemsize bytes; or a function filling the tensor's region in place (no copy for big files). */
  readonly data: Uint8Array | ((into: Uint8Array) => void);
}

const CODE = Object.fromEntries(Object.entries(SAFETENSORS_DTYPES).map(([code, dtype]) => [dtype, code])) as Record<CheckpointDtype, string>;

export const byteLength = (t: Pick<TensorToWrite, 'dtype' | 'shape'>): number => t.shape.reduce((n, d) => n * d, 1) * ITEM_SIZE[t.dtype];

export function writeSafetensors(tensors: readonly TensorToWrite[], metadata: Readonly<Record<string, string>> = { format: 'pt' }): Uint8Array<ArrayBuffer> {
  const header: Record<string, unknown> = { __metadata__: metadata };
  let at = 0;
  for (const t of tensors) {
    const n = byteLength(t);
    header[t.name] = { dtype: CODE[t.dtype], shape: t.shape, data_offsets: [at, at + n] };
    at += n;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - ((8 + json.length) % 8)) % 8);
  const head = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + head.length + at);
  new DataView(out.buffer).setBigUint64(0, BigInt(head.length), true);
  out.set(head, 8);
  let p = 8 + head.length;
  for (const t of tensors) {
    const n = byteLength(t);
    if (typeof t.data === 'function') t.data(out.subarray(p, p + n));
    else {
      if (t.data.length !== n) throw new RangeError(`${t.name}: ${t.data.length} bytes given for ${n}`);
      out.set(t.data, p);
    }
    p += n;
  }
  return out;
}
