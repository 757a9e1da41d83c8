// The lab worker's captioning on the shared micro BLIP (transformers 4.27.1's save_pretrained) read
// from picked files, as the Model lab's "or pick the files" does, with onnxruntime-node sessions:
// footprints and captions per variant against transformers' own golden.json.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeRuntime } from '../models/blip-hub/node-runtime.ts';
import { sharedHfBlipDir } from '../models/hub/shared-blip.node.ts';
import { decodePng } from '../onnx/node/png-decode.ts';
import type { CaptionRow, CaptionRowOk } from './caption-protocol.ts';
import { CaptionRuntime } from './caption-runtime.ts';

interface GoldenImage {
  file: string;
  greedy: { ids: number[]; caption: string };
  bf16: { ids: number[] };
}
const dir = sharedHfBlipDir();
const golden = JSON.parse(readFileSync(join(dir, 'micro-a-golden', 'golden.json'), 'utf8')) as {
  footprint: Record<string, number>;
  images: GoldenImage[];
};
const FILES = ['config.json', 'model.safetensors', 'preprocessor_config.json', 'tokenizer.json', 'tokenizer_config.json'];
const picked = (): File[] => FILES.map((f) => new File([readFileSync(join(dir, 'micro-a', f))], `micro-a/${f}`));
const ok = (r: CaptionRow | undefined): CaptionRowOk => {
  if (r === undefined || 'error' in r) throw new Error(`not a caption: ${JSON.stringify(r)}`);
  return r;
};

describe('CaptionRuntime (Hub checkpoint from picked files)', () => {
  it('loads with transformers’ footprint, and captions every variant; float32 and bf16 computation give transformers’ ids', async () => {
    const runtime = new CaptionRuntime(
      () => 1,
      async () => nodeRuntime(),
    );
    const progress: [string, number, number | null][] = [];
    const info = await runtime.load({ kind: 'picked', files: picked(), dtype: 'float32' }, (label, done, total) =>
      progress.push([label, done, total]),
    );
    expect(info.footprint).toBe(golden.footprint['float32']);
    expect(info.parameters).toBe(261_391);
    expect(info.summary).toMatch(
      /^BlipForConditionalGeneration from the picked files \(config\.json, model\.safetensors, .*\) \(safetensors, float32\): vision 2×64 at 64px/,
    );
    // Bytes read over all the picked files, ending at their sum.
    const total = FILES.reduce((n, f) => n + readFileSync(join(dir, 'micro-a', f)).length, 0);
    expect(progress.filter(([label]) => label === 'Downloading').at(-1)).toEqual(['Downloading', total, total]);

    const image = golden.images[0]!;
    const png = decodePng(new Uint8Array(readFileSync(join(dir, image.file))));
    const rows: CaptionRow[] = [];
    const variants = info.variants.map((v) => v.key);
    expect(variants).toEqual(['fp32', 'bf16', 'bf16-act', 'fp16', 'int8', 'dynamic']);
    const result = await runtime.run(
      {
        models: [{ key: info.key, variants }],
        input: { kind: 'pixels', name: 'img0', image: { data: new Uint8ClampedArray(png.data), width: png.width, height: png.height } },
      },
      () => undefined,
      (r) => rows.push(r),
    );
    expect(result).toEqual(rows);
    const by = new Map(rows.map((r) => [r.variant, ok(r)]));
    // generate()'s ids start with [DEC]; the rows hold the generated tokens.
    expect(by.get('fp32')?.tokens.map((t) => t.id)).toEqual(image.greedy.ids.slice(1));
    expect(by.get('fp32')?.caption).toBe(image.greedy.caption);
    expect(by.get('bf16-act')?.tokens.map((t) => t.id)).toEqual(image.bf16.ids.slice(1));
    expect(by.get('fp32')?.footprint).toBe(golden.footprint['float32']);
    for (const v of ['bf16', 'bf16-act']) expect(by.get(v)?.footprint).toBe(golden.footprint['bfloat16']);
    expect(by.get('fp16')?.footprint).toBe(golden.footprint['float16']);
    for (const v of ['int8', 'dynamic']) expect(by.get(v)?.footprint).toBeLessThan(golden.footprint['float32']! * 0.6);
    for (const r of by.values()) expect(r.ms).toBeGreaterThan(0);
  }, 120_000);

  it('captions the student’s own PNG file as transformers does: decoded exactly (not through a canvas), the same ids as from its pixels', async () => {
    const runtime = new CaptionRuntime(
      () => 1,
      async () => nodeRuntime(),
    );
    const info = await runtime.load({ kind: 'picked', files: picked(), dtype: 'float32' }, () => undefined);
    const image = golden.images[0]!;
    const bytes = readFileSync(join(dir, image.file));
    const rows: CaptionRow[] = [];
    await runtime.run(
      {
        models: [{ key: info.key, variants: ['fp32'] }],
        input: { kind: 'file', name: image.file, bytes: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) },
      },
      () => undefined,
      (r) => rows.push(r),
    );
    expect(ok(rows[0]!).tokens.map((t) => t.id)).toEqual(image.greedy.ids.slice(1));
    expect(ok(rows[0]!).caption).toBe(image.greedy.caption);
  }, 120_000);

  it('a variant or model it does not know is a row with the error, not a failed run', async () => {
    const runtime = new CaptionRuntime(
      () => 1,
      async () => nodeRuntime(),
    );
    const info = await runtime.load({ kind: 'picked', files: picked(), dtype: 'bfloat16' }, () => undefined);
    expect(info.footprint).toBe(golden.footprint['bfloat16']);
    const image = { data: new Uint8ClampedArray(64 * 64 * 4).fill(128), width: 64, height: 64 };
    const rows = await runtime.run(
      {
        models: [
          { key: info.key, variants: ['fp8'] },
          { key: 'nope', variants: ['fp32'] },
        ],
        input: { kind: 'pixels', name: 'grey', image },
      },
      () => undefined,
      () => undefined,
    );
    expect(rows).toEqual([
      {
        model: info.key,
        variant: 'fp8',
        label: 'fp8',
        error: 'Error: no variant "fp8"; the variants are fp32, bf16, bf16-act, fp16, int8, dynamic',
      },
      { model: 'nope', variant: 'fp32', label: 'fp32', error: 'Error: nope is not loaded (load it again)' },
    ]);
    await expect(
      runtime.run(
        { models: [{ key: info.key, variants: [] }], input: { kind: 'pixels', name: 'grey', image } },
        () => undefined,
        () => undefined,
      ),
    ).rejects.toThrow('nothing to caption: pick at least one variant');
  }, 120_000);
});
