// Per-token probabilities and "where two captions part" on the Hub BLIP, against
// transformers 4.27.1's own generate() on the shared micro checkpoint
// (../shared/hf-blip, see hf-blip-fixture.ts). A token's `probability` is what
// transformers gives as exp(model.compute_transition_scores(out.sequences,
// out.scores, normalize_logits=True)) after generate(..., output_scores=True,
// return_dict_in_generate=True) under greedy search: the softmax of the step's
// logits (no logits processors are active with BLIP's generation config), at the
// chosen token. The golden has every step's five best logits and the full
// first-step logits, which pin both down.
import { Tokenizer } from '@huggingface/tokenizers';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodePng } from '../../onnx/node/png-decode.ts';
import { compare } from '../blip/blip-helpers.ts';
import { BlipHubModel } from './blip-hub-model.ts';
import { loadHfBlip, type HfBlipFixture } from './hf-blip-fixture.ts';
import { nodeRuntime } from './node-runtime.ts';

let f: HfBlipFixture;
let model: BlipHubModel;
const images: { data: Uint8ClampedArray; width: number; height: number }[] = [];

beforeAll(() => {
  f = loadHfBlip();
  model = new BlipHubModel({ id: 'micro-a', tensors: f.tensors, config: f.config, preprocessor: f.preprocessor, tokenizer: new Tokenizer(f.tokenizer, f.tokenizerConfig), runtime: nodeRuntime() });
  for (const img of f.golden.images) {
    const png = decodePng(f.png(img.file));
    images.push({ data: new Uint8ClampedArray(png.data), width: png.width, height: png.height });
  }
});

/** softmax in float64 of float32 logits (what log_softmax in float32 then exp gives, to ~1e-7). */
function softmax(logits: Float32Array): Float64Array {
  const max = Math.max(...logits);
  const e = Float64Array.from(logits, (x) => Math.exp(x - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / sum);
}

describe('per-token probabilities = exp of transformers\' transition scores (greedy)', () => {
  it('first step: the chosen token\'s probability and the runner-up\'s equal the softmax of transformers\' full first-step logits', async () => {
    for (const [i, image] of images.entries()) {
      const p = softmax(f.f32(`logits_step0/img${i}.f32`));
      const first = (await model.run(image)).tokens[0]!;
      const golden = f.golden.images[i]!.greedy.steps[0]!.top5;
      expect(first.id).toBe(golden[0]![0]);
      expect(first.probability).toBeCloseTo(p[first.id]!, 5);
      expect(first.top.map((c) => c.id)).toEqual([golden[0]![0], golden[1]![0]]);
      expect(first.top[1]!.probability).toBeCloseTo(p[golden[1]![0]]!, 5);
    }
  });

  it('every step: the two best tokens are transformers\' and their probability ratio is exp(its logit gap)', async () => {
    let steps = 0;
    for (const [i, image] of images.entries()) {
      const r = await model.run(image);
      const golden = f.golden.images[i]!.greedy.steps;
      expect(r.tokens.length).toBe(golden.length);
      for (const [s, token] of r.tokens.entries()) {
        const g = golden[s]!;
        expect(token.id).toBe(g.top5[0]![0]);
        expect(token.top.map((c) => c.id)).toEqual([g.top5[0]![0], g.top5[1]![0]]);
        expect(token.top[0]!.probability).toBe(token.probability);
        // p1 / p2 = exp(l1 − l2): the logits agree to 1e-4 (blip-hub.test.ts), so the log-ratio does too.
        expect(Math.abs(Math.log(token.top[0]!.probability / token.top[1]!.probability) - g.gap)).toBeLessThan(2e-4);
        steps += 1;
      }
    }
    expect(steps).toBe(f.golden.images.reduce((n, img) => n + img.greedy.steps.length, 0));
  });
});

describe('compare(a, b): where two captions part', () => {
  it('float32 vs computed in bfloat16 on image 3 parts at the token where transformers\' fp32 and bf16 ids part', async () => {
    const g = f.golden.images[3]!;
    const first = g.greedy.ids.findIndex((id, k) => g.bf16.ids[k] !== id);
    expect(first).toBeGreaterThan(0); // the golden's own fact: bf16 changes this caption
    const fp32 = await model.run(images[3]!);
    const bf16 = await model.to('bfloat16', { activations: true }).run(images[3]!);
    const parted = compare(fp32, bf16);
    // tokens[] are the generated tokens: ids[0] is [DEC].
    expect(parted.index).toBe(first - 1);
    expect(parted.a?.id).toBe(g.greedy.ids[first]);
    expect(parted.b?.id).toBe(g.bf16.ids[first]);
    expect(String(parted)).toMatch(new RegExp(`^token ${first}: \\S+ \\d+\\.\\d% vs \\S+ \\d+\\.\\d% \\| \\S+ \\d+\\.\\d% vs \\S+ \\d+\\.\\d%$`));
    expect(compare(fp32, await model.run(images[3]!)).index).toBe(-1);
  });
});
