// pytorch_model.bin reader: files written by torch.save itself (fixtures/, made by
// scripts/goldens/hub_fixtures.py; the shared checkpoint by transformers 4.27.1),
// files from our writer (checked loadable by torch.load when it was written), and
// every corruption of the list.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CheckpointTensor } from './checkpoint.ts';
import { CheckpointFormatError } from './errors.ts';
import { PickleWriter } from './pickle-write.ts';
import { readSafetensors } from './safetensors.ts';
import { readShared, readSharedJson } from './shared-blip.node.ts';
import { asBigInt64, asFloat32 } from './tensor-data.ts';
import { readTorchBin } from './torch-bin.ts';
import { stateDict, writeTorchBin, type TorchBinOptions } from './torch-bin-write.ts';

const fixture = (name: string): Uint8Array<ArrayBuffer> => {
  const b = readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
  const out = new Uint8Array(b.length);
  out.set(b);
  return out;
};

const values = (t: CheckpointTensor): number[] => (t.dtype === 'int64' ? [...asBigInt64(t)].map(Number) : [...asFloat32(t)]);
const f32 = (...v: number[]) => new Uint8Array(new Float32Array(v).buffer);

const small = stateDict(
  [
    { name: 'w', dtype: 'float32', shape: [2, 2], data: f32(1, 2, 3, 4) },
    { name: 'ids', dtype: 'int64', shape: [1, 3], data: new Uint8Array(new BigInt64Array([0n, 1n, 2n]).buffer) },
  ],
  new Map([['w_tied', 'w']]),
);
const bin = (options: TorchBinOptions = {}) => writeTorchBin(small.storages, small.views, options);
const refuses = (file: Uint8Array<ArrayBuffer>, message: RegExp): void => {
  expect(() => readTorchBin(file, 'x.bin')).toThrow(CheckpointFormatError);
  expect(() => readTorchBin(file, 'x.bin')).toThrow(message);
};

describe('readTorchBin on files torch.save wrote', () => {
  const golden = JSON.parse(readFileSync(new URL('./fixtures/views.json', import.meta.url), 'utf8')) as {
    tensors: Record<string, { dtype: string; shape: number[]; values: number[] }>;
    aliases: Record<string, string>;
  };
  const c = readTorchBin(fixture('views.bin'), 'views.bin');

  it('every tensor has torch dtype, shape and values (Parameter, transposed view, storage offset, float16, bfloat16, int64, scalar)', () => {
    const got = Object.fromEntries([...c.tensors.values()].map((t) => [t.name, { dtype: t.dtype, shape: [...t.shape], values: values(t) }]));
    const want = Object.fromEntries(Object.entries(golden.tensors).filter(([name]) => !(name in golden.aliases)));
    expect(got).toEqual(want);
  });

  it('a name saved on the same tensor is an alias; a different view of one storage is not', () => {
    expect(Object.fromEntries(c.aliases)).toEqual(golden.aliases);
    expect(c.tensors.has('transposed')).toBe(true); // shares tied_a's storage, other strides
  });

  it('contiguous aligned tensors view the file; the transposed one is made contiguous (a copy of it alone)', () => {
    const file = fixture('views.bin');
    const again = readTorchBin(file, 'views.bin');
    expect(again.tensors.get('transposed')!.copied).toBe(true);
    for (const name of ['param', 'offset_view', 'whole', 'tied_a', 'half', 'bf16', 'ids']) {
      const t = again.tensors.get(name)!;
      expect([name, t.copied, t.bytes.buffer === file.buffer]).toEqual([name, false, true]);
    }
  });

  it('refuses a pickle naming os.system (posix.system), without running it', () => refuses(fixture('evil-os-system.bin'), /data\.pkl byte \d+: refused global posix\.system/));
  // Python 3 writes builtins as __builtin__ in protocol 2 (for Python 2 readers).
  it('refuses a pickle naming builtins.eval', () => refuses(fixture('evil-eval.bin'), /data\.pkl byte \d+: refused global __builtin__\.eval/));
});

describe('readTorchBin on files our writer made', () => {
  it('reads tensors and the alias', () => {
    const c = readTorchBin(bin(), 'x.bin');
    expect(values(c.tensors.get('w')!)).toEqual([1, 2, 3, 4]);
    expect(values(c.tensors.get('ids')!)).toEqual([0, 1, 2]);
    expect(Object.fromEntries(c.aliases)).toEqual({ w_tied: 'w' });
  });
  it('reads ZIP64 offsets (as a writer must past 4 GB) and a little-endian byteorder entry', () => {
    const c = readTorchBin(bin({ zip64Offsets: true, byteorder: 'little' }), 'x.bin');
    expect(values(c.tensors.get('w')!)).toEqual([1, 2, 3, 4]);
  });
  it('a storage off its element alignment is copied (that tensor only)', () => {
    const file = bin({ align: 1, lead: 1 });
    const c = readTorchBin(file, 'x.bin');
    const w = c.tensors.get('w')!;
    expect(w.bytes.byteOffset % 4 === 0 && w.copied).toBe(true);
    expect(values(w)).toEqual([1, 2, 3, 4]);
  });
});

describe('readTorchBin refuses broken files, naming what and where', () => {
  it('big-endian storages', () => refuses(bin({ byteorder: 'big' }), /storages are big-endian \(pytorch_model\/byteorder\)/));
  it('a compressed entry', () => refuses(bin({ claimCompressed: ['pytorch_model/data/0'] }), /zip entry "pytorch_model\/data\/0" is compressed \(method 8\)/));
  it('a truncated file', () => refuses(bin().slice(0, 300), /not a zip file \(no end of central directory record/));
  it('a file cut inside the central directory', () => {
    const file = bin();
    const cut = file.slice(0, file.length - 1);
    refuses(cut, /no end of central directory record/);
  });
  it('a corrupt central directory', () => {
    const file = bin();
    const dv = new DataView(file.buffer);
    const cd = dv.getUint32(file.length - 22 + 16, true);
    file[cd] = 0; // signature
    refuses(file, /central directory entry 0 at byte \d+ has a bad signature/);
  });
  it('a corrupt data.pkl (CRC)', () => {
    const file = bin();
    file[64 + 10] = (file[64 + 10]! + 1) & 0xff;
    refuses(file, /"pytorch_model\/data.pkl" fails its CRC-32 check/);
  });
  it('a zip without data.pkl (not a torch file)', () => {
    const file = bin();
    const name = new TextEncoder().encode('data.pkl');
    // rename the entry in its local header and the central directory (names are outside the CRC)
    for (let i = 0; i + name.length <= file.length; i++) if (name.every((b, j) => file[i + j] === b)) file[i + 7] = 0x78;
    refuses(file, /a torch\.save zip has one <archive>\/data\.pkl; this one has none/);
  });
  it('a pickle naming a global outside the allow-list, with its offset', () => {
    const pickle = new PickleWriter().proto().global('os', 'system').str('echo').op(0x85).op(0x52).op(0x2e).bytes();
    refuses(bin({ pickle }), /data\.pkl byte 2: refused global os\.system/);
  });
  it('an opcode torch.save never writes (INST)', () => {
    const pickle = new PickleWriter().proto().op(0x69).op(0x2e).bytes();
    refuses(bin({ pickle }), /data\.pkl byte 2: refused opcode 0x69 \('i'\)/);
  });
  it('a storage class called as a function', () => {
    const pickle = new PickleWriter().proto().global('torch', 'FloatStorage').op(0x29).op(0x52).op(0x2e).bytes();
    refuses(bin({ pickle }), /torch\.FloatStorage cannot be called/);
  });
  it('a tensor whose storage entry is missing', () => {
    const pickle = new PickleWriter().proto().op(0x7d).str('w').tensor('FloatStorage', '99', 4, 0, [4], [1]).op(0x73).op(0x2e).bytes();
    refuses(bin({ pickle }), /tensor "w" names storage pytorch_model\/data\/99, which the zip does not have/);
  });
  it('a view past the end of its storage', () => {
    const pickle = new PickleWriter().proto().op(0x7d).str('w').tensor('FloatStorage', '0', 4, 2, [4], [1]).op(0x73).op(0x2e).bytes();
    refuses(bin({ pickle }), /tensor "w": size \[4\] at offset 2 with stride \[1\] reaches element 5 of a 4-element storage/);
  });
  it('a storage whose size disagrees with the pickle', () => {
    const pickle = new PickleWriter().proto().op(0x7d).str('w').tensor('FloatStorage', '0', 8, 0, [4], [1]).op(0x73).op(0x2e).bytes();
    refuses(bin({ pickle }), /tensor "w": its storage pytorch_model\/data\/0 holds 16 bytes, but the pickle says 8 × 4/);
  });
  it('a pickle cut short', () => {
    const pickle = new PickleWriter().proto().op(0x7d).str('w').bytes();
    refuses(bin({ pickle }), /ends without STOP/);
  });
  it('a state dict entry that is not a tensor', () => {
    const pickle = new PickleWriter().proto().op(0x7d).str('lr').int(3).op(0x73).op(0x2e).bytes();
    refuses(bin({ pickle }), /state dict entry "lr" is not a tensor/);
  });
});

interface GoldenBin {
  readonly 'pytorch_model.bin': { keys: [string, number[], string, string | null][] };
  readonly named_parameters: [string, number[], string][];
  readonly named_buffers: [string, number[], string][];
}

describe('the shared checkpoint (transformers 4.27.1 save_pretrained)', () => {
  const golden = readSharedJson('micro-a-golden', 'golden.json') as GoldenBin;
  const fromBin = readTorchBin(readShared('micro-a', 'pytorch_model.bin'), 'micro-a/pytorch_model.bin');
  const fromSafetensors = readSafetensors(readShared('micro-a', 'model.safetensors'), 'micro-a/model.safetensors');

  it('pytorch_model.bin: the golden keys, shapes, dtypes and the shared-storage alias', () => {
    const got = golden['pytorch_model.bin'].keys.map(([name]) => {
      const target = fromBin.aliases.get(name);
      const t = fromBin.tensors.get(target ?? name)!;
      return [name, [...t.shape], t.dtype, target ?? null];
    });
    expect(got).toEqual(golden['pytorch_model.bin'].keys);
    expect(fromBin.tensors.size + fromBin.aliases.size).toBe(golden['pytorch_model.bin'].keys.length);
  });

  it('both formats give identical tensors (names, dtypes, shapes, bytes) = named_parameters + named_buffers', () => {
    expect([...fromBin.tensors.keys()].sort()).toEqual([...fromSafetensors.tensors.keys()].sort());
    for (const [name, t] of fromSafetensors.tensors) {
      const u = fromBin.tensors.get(name)!;
      expect([name, u.dtype, u.shape]).toEqual([name, t.dtype, t.shape]);
      expect(Buffer.compare(u.bytes, t.bytes)).toBe(0);
    }
    const expected = [...golden.named_parameters, ...golden.named_buffers].map(([n, s, d]) => [n, s, d]).sort();
    expect([...fromBin.tensors.values()].map((t) => [t.name, [...t.shape], t.dtype]).sort()).toEqual(expected);
  });
});
