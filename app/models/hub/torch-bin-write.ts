// Writes a pytorch_model.bin as torch.save (1.13, zip format) lays it out:
// <archive>/data.pkl, <archive>/data/<key> per storage, <archive>/version,
// each entry stored, its data padded to 64 bytes with an "FB" extra field,
// ZIP64 end records. For tests, fixtures and the bench (the app only reads);
// options make the broken files the reader must refuse.
import type { CheckpointDtype } from './checkpoint.ts';
import { ITEM_SIZE, TORCH_STORAGES } from './dtypes.ts';
import { PickleWriter } from './pickle-write.ts';
import type { TensorToWrite } from './safetensors-write.ts';
import { crc32 } from './zip-stored.ts';

export interface StorageToWrite {
  readonly key: string;
  readonly dtype: CheckpointDtype;
  readonly numel: number;
  readonly data: Uint8Array | ((into: Uint8Array) => void);
}

export interface TensorView {
  readonly name: string;
  readonly storage: string;
  readonly offset: number;
  readonly size: readonly number[];
  readonly stride: readonly number[];
}

export interface TorchBinOptions {
  readonly archive?: string;
  /** Writes <archive>/byteorder with this text (torch ≥ 2.1 writes "little"). */
  readonly byteorder?: string;
  /** Data alignment (torch: 64); 1 leaves storages wherever they fall. */
  readonly align?: number;
  /** Entries whose method is written as 8 (deflate) although stored: a re-zipped file. */
  readonly claimCompressed?: readonly string[];
  /** A data.pkl to write instead of the one made from `tensors`. */
  readonly pickle?: Uint8Array;
  /** Bytes of padding before the first entry (to push a storage off its alignment). */
  readonly lead?: number;
  /**
   * Write every local-header offset and the directory offset through ZIP64 fields
   * (0xFFFFFFFF in the classic ones), as a writer must past 4 GB. Off: torch's
   * own small-file layout (real values, plus the ZIP64 end records it always adds).
   */
  readonly zip64Offsets?: boolean;
}

const STORAGE_OF = Object.fromEntries(Object.entries(TORCH_STORAGES).map(([name, dtype]) => [dtype, name])) as Record<CheckpointDtype, string>;

const contiguous = (shape: readonly number[]): number[] => {
  const s: number[] = [];
  let step = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = step;
    step *= shape[i]!;
  }
  return s;
};

/** A plain state dict: one storage per tensor, keys "0", "1", …; `aliases` maps extra names to a tensor they share. */
export function stateDict(tensors: readonly TensorToWrite[], aliases: ReadonlyMap<string, string> = new Map()): { storages: StorageToWrite[]; views: TensorView[] } {
  const storages: StorageToWrite[] = [];
  const views: TensorView[] = [];
  tensors.forEach((t, i) => {
    const numel = t.shape.reduce((n, d) => n * d, 1);
    storages.push({ key: String(i), dtype: t.dtype, numel, data: t.data });
    views.push({ name: t.name, storage: String(i), offset: 0, size: t.shape, stride: contiguous(t.shape) });
    for (const [alias, target] of aliases) if (target === t.name) views.push({ name: alias, storage: String(i), offset: 0, size: t.shape, stride: contiguous(t.shape) });
  });
  return { storages, views };
}

export function statePickle(storages: readonly StorageToWrite[], views: readonly TensorView[]): Uint8Array<ArrayBuffer> {
  const byKey = new Map(storages.map((s) => [s.key, s]));
  const w = new PickleWriter().proto().op(0x7d).put().mark();
  for (const v of views) {
    const s = byKey.get(v.storage);
    if (s === undefined) throw new RangeError(`${v.name}: no storage ${v.storage}`);
    w.str(v.name).tensor(STORAGE_OF[s.dtype], s.key, s.numel, v.offset, v.size, v.stride);
  }
  return w.op(0x75).op(0x2e).bytes();
}

interface Entry {
  readonly name: string;
  readonly size: number;
  readonly fill: (into: Uint8Array) => void;
}

export function writeTorchBin(storages: readonly StorageToWrite[], views: readonly TensorView[], options: TorchBinOptions = {}): Uint8Array<ArrayBuffer> {
  const archive = options.archive ?? 'pytorch_model';
  const align = options.align ?? 64;
  const bytesOf = (b: Uint8Array) => (into: Uint8Array) => into.set(b);
  const pickle = options.pickle ?? statePickle(storages, views);
  const entries: Entry[] = [{ name: `${archive}/data.pkl`, size: pickle.length, fill: bytesOf(pickle) }];
  if (options.byteorder !== undefined) {
    const b = new TextEncoder().encode(options.byteorder);
    entries.push({ name: `${archive}/byteorder`, size: b.length, fill: bytesOf(b) });
  }
  for (const s of storages) {
    const size = s.numel * ITEM_SIZE[s.dtype];
    entries.push({ name: `${archive}/data/${s.key}`, size, fill: typeof s.data === 'function' ? s.data : bytesOf(s.data) });
  }
  const version = new TextEncoder().encode('3\n');
  entries.push({ name: `${archive}/version`, size: version.length, fill: bytesOf(version) });

  // Layout first (so one buffer of the final size is filled in place).
  const enc = new TextEncoder();
  const names = entries.map((e) => enc.encode(e.name));
  const locals: { at: number; pad: number; data: number }[] = [];
  let at = options.lead ?? 0;
  entries.forEach((e, i) => {
    const fixed = at + 30 + names[i]!.length;
    const pad = align > 1 ? (align - ((fixed + 4) % align)) % align : 0;
    const extra = align > 1 ? 4 + pad : 0;
    locals.push({ at, pad: extra, data: fixed + extra });
    at = fixed + extra + e.size;
  });
  const cdStart = at;
  const wide = options.zip64Offsets === true || at > 0xfffffffe;
  const cdSize = names.reduce((n, b) => n + 46 + b.length + (wide ? 28 : 0), 0);
  const total = cdStart + cdSize + 56 + 20 + 22;
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  const crcs: number[] = [];
  const claim = new Set(options.claimCompressed ?? []);
  entries.forEach((e, i) => {
    const { at: p, pad, data } = locals[i]!;
    const method = claim.has(e.name) ? 8 : 0;
    e.fill(out.subarray(data, data + e.size));
    const crc = crc32(out.subarray(data, data + e.size));
    crcs.push(crc);
    dv.setUint32(p, 0x04034b50, true);
    dv.setUint16(p + 4, 20, true);
    dv.setUint16(p + 8, method, true);
    dv.setUint32(p + 14, crc, true);
    dv.setUint32(p + 18, e.size, true);
    dv.setUint32(p + 22, e.size, true);
    dv.setUint16(p + 26, names[i]!.length, true);
    dv.setUint16(p + 28, pad, true);
    out.set(names[i]!, p + 30);
    if (pad > 0) {
      dv.setUint16(p + 30 + names[i]!.length, 0x4246, true); // "FB"
      dv.setUint16(p + 32 + names[i]!.length, pad - 4, true);
      out.fill(0x5a, p + 34 + names[i]!.length, data);
    }
  });
  // Central directory: every entry carries a ZIP64 extra field with its local offset (as miniz does past 4 GB).
  let c = cdStart;
  entries.forEach((e, i) => {
    dv.setUint32(c, 0x02014b50, true);
    dv.setUint16(c + 4, 0x031e, true);
    dv.setUint16(c + 6, 45, true);
    dv.setUint16(c + 10, claim.has(e.name) ? 8 : 0, true);
    dv.setUint32(c + 16, crcs[i]!, true);
    dv.setUint32(c + 20, e.size, true);
    dv.setUint32(c + 24, e.size, true);
    dv.setUint16(c + 28, names[i]!.length, true);
    out.set(names[i]!, c + 46);
    const x = c + 46 + names[i]!.length;
    if (!wide) {
      dv.setUint32(c + 42, locals[i]!.at, true);
      c = x;
      return;
    }
    // As miniz writes it past 4 GB: both sizes and the offset saturated, all three in the extra field.
    dv.setUint16(c + 30, 28, true);
    dv.setUint32(c + 20, 0xffffffff, true);
    dv.setUint32(c + 24, 0xffffffff, true);
    dv.setUint32(c + 42, 0xffffffff, true);
    dv.setUint16(x, 0x0001, true);
    dv.setUint16(x + 2, 24, true);
    dv.setBigUint64(x + 4, BigInt(e.size), true);
    dv.setBigUint64(x + 12, BigInt(e.size), true);
    dv.setBigUint64(x + 20, BigInt(locals[i]!.at), true);
    c = x + 28;
  });
  const z = c;
  dv.setUint32(z, 0x06064b50, true);
  dv.setBigUint64(z + 4, 44n, true);
  dv.setUint16(z + 12, 0x031e, true);
  dv.setUint16(z + 14, 45, true);
  dv.setBigUint64(z + 24, BigInt(entries.length), true);
  dv.setBigUint64(z + 32, BigInt(entries.length), true);
  dv.setBigUint64(z + 40, BigInt(cdSize), true);
  dv.setBigUint64(z + 48, BigInt(cdStart), true);
  const l = z + 56;
  dv.setUint32(l, 0x07064b50, true);
  dv.setBigUint64(l + 8, BigInt(z), true);
  dv.setUint32(l + 16, 1, true);
  const e = l + 20;
  dv.setUint32(e, 0x06054b50, true);
  dv.setUint16(e + 8, Math.min(entries.length, 0xffff), true);
  dv.setUint16(e + 10, Math.min(entries.length, 0xffff), true);
  dv.setUint32(e + 12, cdSize, true);
  dv.setUint32(e + 16, wide ? 0xffffffff : cdStart, true);
  return out;
}
