// model.safetensors reader: hand-made files (safetensors-write.ts, checked against
// the safetensors layout byte by byte below), every corruption of the list,
// and the shared checkpoint written by transformers 4.27.1 (its golden header).
import { describe, expect, it } from 'vitest';
import { asBigInt64, asFloat32 } from './tensor-data.ts';
import { CheckpointFormatError } from './errors.ts';
import { parseSafetensorsHeader, readSafetensors } from './safetensors.ts';
import { writeSafetensors, type TensorToWrite } from './safetensors-write.ts';
import { readShared, readSharedJson } from './shared-blip.node.ts';

const f32 = (...v: number[]) => new Uint8Array(new Float32Array(v).buffer);
const sample: TensorToWrite[] = [
  { name: 'w', dtype: 'float32', shape: [2, 2], data: f32(1, 2, 3, 4) },
  { name: 'ids', dtype: 'int64', shape: [3], data: new Uint8Array(new BigInt64Array([0n, 1n, -5n]).buffer) },
];

/** A file from a header object and a data section, laid out by hand (no writer involved). */
function handMade(header: unknown, data: Uint8Array, lengthWord?: bigint): Uint8Array<ArrayBuffer> {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, lengthWord ?? BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

const refuses = (file: Uint8Array<ArrayBuffer>, message: RegExp): void => {
  expect(() => readSafetensors(file, 'x.safetensors')).toThrow(CheckpointFormatError);
  expect(() => readSafetensors(file, 'x.safetensors')).toThrow(message);
};

describe('readSafetensors on hand-made bytes', () => {
  it('reads a file laid out by hand: dtypes, shapes, values, metadata', () => {
    const file = handMade(
      { __metadata__: { format: 'pt' }, b: { dtype: 'BF16', shape: [2], data_offsets: [8, 12] }, a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } },
      new Uint8Array([...f32(0.5, -1), 0x80, 0x3f, 0x40, 0xc0]),
    );
    const c = readSafetensors(file, 'x.safetensors');
    expect(c.format).toBe('safetensors');
    expect(c.metadata).toEqual({ format: 'pt' });
    expect([...c.tensors.keys()]).toEqual(['b', 'a']);
    expect([...asFloat32(c.tensors.get('a')!)]).toEqual([0.5, -1]);
    expect([...asFloat32(c.tensors.get('b')!)]).toEqual([1, -3]); // 0x3f80 = 1, 0xc040 = -3
  });

  it('the writer produces the safetensors layout: header padded with spaces to 8 bytes, data packed in order', () => {
    const file = writeSafetensors(sample);
    const n = Number(new DataView(file.buffer).getBigUint64(0, true));
    expect((8 + n) % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(file.subarray(8, 8 + n))) as Record<string, unknown>;
    expect(header).toEqual({ __metadata__: { format: 'pt' }, w: { dtype: 'F32', shape: [2, 2], data_offsets: [0, 16] }, ids: { dtype: 'I64', shape: [3], data_offsets: [16, 40] } });
    expect(file.length).toBe(8 + n + 40);
    const c = readSafetensors(file, 'x');
    expect([...asFloat32(c.tensors.get('w')!)]).toEqual([1, 2, 3, 4]);
    expect([...asBigInt64(c.tensors.get('ids')!)]).toEqual([0n, 1n, -5n]);
  });

  it('tensors are views into the file buffer, not copies', () => {
    const file = writeSafetensors(sample);
    const t = readSafetensors(file, 'x').tensors.get('w')!;
    expect(t.bytes.buffer).toBe(file.buffer);
    expect(t.copied).toBe(false);
  });

  it('a tensor at an offset that is not a multiple of its element size is copied, that tensor only', () => {
    const file = handMade({ a: { dtype: 'U8', shape: [1], data_offsets: [0, 1] }, b: { dtype: 'F32', shape: [1], data_offsets: [1, 5] } }, new Uint8Array([7, ...f32(2.5)]));
    const c = readSafetensors(file, 'x');
    const b = c.tensors.get('b')!;
    const dataStart = file.length - 5;
    expect((dataStart + 1) % 4).not.toBe(0); // b really is misaligned in this file
    expect(b.copied).toBe(true);
    expect(b.bytes.buffer).not.toBe(file.buffer);
    expect([...asFloat32(b)]).toEqual([2.5]);
    expect(c.tensors.get('a')!.copied).toBe(false);
  });

  it('a header-only read checks offsets against the declared file size', () => {
    const file = writeSafetensors(sample);
    const n = Number(new DataView(file.buffer).getBigUint64(0, true));
    const head = file.slice(0, 8 + n);
    expect(parseSafetensorsHeader(head, file.length, 'x').entries.map((e) => [e.name, e.end - e.begin])).toEqual([['w', 16], ['ids', 24]]);
    expect(() => parseSafetensorsHeader(head, file.length - 1, 'x')).toThrow(/tensor "ids": data_offsets \[16, 40\] go past the end/);
  });
});

describe('readSafetensors refuses broken files, naming what and where', () => {
  it('a file too short for the length word', () => refuses(new Uint8Array(5), /5 bytes is too short/));
  it('a header length past the end of the file (truncated)', () => refuses(handMade({}, new Uint8Array(0), 1000n), /header length \(bytes 0–7\) says 1000 bytes but the file has only 2/));
  it('an absurd header length', () => refuses(handMade({}, new Uint8Array(0), 1n << 60n), /more than safetensors allows/));
  it('a zero header length', () => refuses(handMade({}, new Uint8Array(0), 0n), /header length \(bytes 0–7\) is 0/));
  it('a header that is not JSON', () => refuses(handMade({}, new TextEncoder().encode('{"a":'), 7n), /JSON header \(bytes 8–14\) does not parse/));
  it('a header that is not an object', () => refuses(handMade([1, 2], new Uint8Array(0)), /not an object/));
  it('an unknown dtype, naming the tensor', () => refuses(handMade({ w: { dtype: 'F8_E4M3', shape: [1], data_offsets: [0, 1] } }, new Uint8Array(1)), /tensor "w": dtype "F8_E4M3" is not one of/));
  it('a bad shape', () => refuses(handMade({ w: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }, new Uint8Array(4)), /tensor "w": dimension -1/));
  it('shape × itemsize ≠ the data_offsets span', () =>
    refuses(handMade({ w: { dtype: 'F32', shape: [2, 3], data_offsets: [0, 20] } }, new Uint8Array(24)), /tensor "w": shape \[2, 3\] × 4 bytes \(F32\) = 24 bytes, but data_offsets \[0, 20\] span 20/));
  it('offsets past the end of the file', () => refuses(handMade({ w: { dtype: 'F32', shape: [4], data_offsets: [0, 16] } }, new Uint8Array(12)), /tensor "w": data_offsets \[0, 16\] go past the end of the data \(12 bytes/));
  it('offsets that end before they begin', () => refuses(handMade({ w: { dtype: 'F32', shape: [0], data_offsets: [8, 4] } }, new Uint8Array(12)), /end before they begin/));
  it('overlapping tensors', () =>
    refuses(
      handMade({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, b: { dtype: 'F32', shape: [2], data_offsets: [4, 12] } }, new Uint8Array(12)),
      /tensors "a" and "b" overlap/,
    ));
  it('a truncated file (cut anywhere in the data)', () => {
    const file = writeSafetensors(sample);
    refuses(file.slice(0, file.length - 3), /tensor "ids": data_offsets \[16, 40\] go past the end/);
  });
  it('metadata that is not strings', () => refuses(handMade({ __metadata__: { format: 1 } }, new Uint8Array(0)), /"__metadata__" must map strings to strings/));
});

interface GoldenHeader {
  readonly 'model.safetensors': { header_len: number; metadata: Record<string, string>; tensors: [string, string, number[], [number, number]][] };
}

describe('the shared checkpoint (transformers 4.27.1 save_pretrained)', () => {
  it('reads model.safetensors exactly as its golden header says', () => {
    const golden = readSharedJson('micro-a-golden', 'golden.json') as GoldenHeader;
    const file = readShared('micro-a', 'model.safetensors');
    const c = readSafetensors(file, 'micro-a/model.safetensors');
    const g = golden['model.safetensors'];
    expect(Number(new DataView(file.buffer).getBigUint64(0, true))).toBe(g.header_len);
    expect(c.metadata).toEqual(g.metadata);
    const codes: Record<string, string> = { float32: 'F32', int64: 'I64' };
    expect([...c.tensors.values()].map((t) => [t.name, codes[t.dtype], t.shape, [t.bytes.byteOffset - 8 - g.header_len, t.bytes.byteOffset - 8 - g.header_len + t.bytes.length]])).toEqual(g.tensors);
    expect([...c.tensors.values()].every((t) => !t.copied && t.bytes.buffer === file.buffer)).toBe(true);
    expect([...asBigInt64(c.tensors.get('text_decoder.bert.embeddings.position_ids')!)]).toEqual(Array.from({ length: 64 }, (_, i) => BigInt(i)));
  });
});
