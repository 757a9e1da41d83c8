import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel, saveModel } from '../../onnx/model.ts';
import { loadBlip } from './load-blip.ts';

const dir = resolve(import.meta.dirname, '../../../models/tiny-blip');
const real = (name: string): Uint8Array => new Uint8Array(readFileSync(resolve(dir, name)));
const manifest = { id: 'tiny-blip', name: 'tiny', task: 'image-captioning', files: [] };

/** The shipped tiny BLIP folder, with some files replaced. */
function folder(replace: Record<string, Uint8Array> = {}) {
  return (url: string): Promise<Uint8Array> => {
    const name = url.slice(url.lastIndexOf('/') + 1);
    return Promise.resolve(replace[name] ?? real(name));
  };
}
const text = (s: string) => new TextEncoder().encode(s);

describe('loadBlip', () => {
  it('loads the shipped tiny BLIP and reports its parts', async () => {
    const m = await loadBlip(manifest, '/models/tiny-blip/', { fetchFile: folder() });
    expect(m.specials).toEqual({ bos: 75, sep: 3 });
    expect(m.get_memory_footprint()).toBe(m.vision.get_memory_footprint() + m.decoder.get_memory_footprint());
  });

  it('to(dtype, { activations: true }) is refused with the reason (the exported graphs compute in float32), not ignored', async () => {
    const m = await loadBlip(manifest, '/models/tiny-blip/', { fetchFile: folder() });
    expect(() => m.to('bfloat16', { activations: true })).toThrow("to(dtype, { activations }): computing in bfloat16 is built for models from models.from_pretrained, not for tiny-blip's exported graphs");
    expect(() => m.to('bfloat16', { device: 'cpu' })).toThrow("to(): unknown option 'device'");
    expect(m.to('bfloat16').get_memory_footprint()).toBeLessThan(m.get_memory_footprint());
    await m.to('bfloat16').dispose(); // no sessions yet: nothing to free, and no error
  });

  it('refuses a vision graph whose embedding size differs from what the decoder expects', async () => {
    // A vision graph that claims 128-wide embeddings, and a "decoder" that is really a vision graph.
    const vision = loadModel(real('vision_model.onnx'));
    const out = vision.graph!.output![0]!.type!.tensorType!.shape!.dim!;
    out[out.length - 1] = { dimValue: 128 };
    await expect(loadBlip(manifest, '/m/', { fetchFile: folder({ 'vision_model.onnx': saveModel(vision) }) })).rejects.toThrow(
      'the vision model makes 128-wide image embeddings but the decoder expects 96; the two graphs do not belong together',
    );
    await expect(loadBlip(manifest, '/m/', { fetchFile: folder({ 'text_decoder_model.onnx': real('vision_model.onnx') }) })).rejects.toThrow(/no encoder_hidden_states input/);
  });

  it('refuses a tokenizer without [DEC] at the start id, and a config that is not JSON', async () => {
    const tok = JSON.parse(readFileSync(resolve(dir, 'tokenizer.json'), 'utf8'));
    tok.added_tokens = tok.added_tokens.filter((t: { content: string }) => t.content !== '[DEC]');
    delete tok.model.vocab['[DEC]'];
    await expect(loadBlip(manifest, '/m/', { fetchFile: folder({ 'tokenizer.json': text(JSON.stringify(tok)) }) })).rejects.toThrow(
      /the tokenizer has no \[DEC\] token at id 75/,
    );
    await expect(loadBlip(manifest, '/m/', { fetchFile: folder({ 'config.json': text('{ nope') }) })).rejects.toThrow(/config.json is not valid JSON/);
  });
});
