import * as ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import type { OrtSession } from '../task.ts';
import { compare } from './blip-helpers.ts';
import { generate } from './generate.ts';

type T = InstanceType<typeof ort.Tensor>;
const BOS = 9;
const SEP = 1;
const VOCAB = 10;

/** A decoder whose next-token probabilities are looked up from the sequence so far. */
function fakeDecoder(table: Record<string, Record<number, number>>, seen: number[][] = []): OrtSession {
  return {
    inputNames: ['input_ids', 'attention_mask', 'encoder_hidden_states'],
    outputNames: ['logits'],
    async run(feeds: Record<string, T>) {
      const ids = Array.from(feeds['input_ids']!.data as BigInt64Array, Number);
      seen.push(ids);
      const probs = table[ids.join(',')] ?? { [SEP]: 1 };
      const logits = new Float32Array(ids.length * VOCAB).fill(-1e9);
      for (const [id, p] of Object.entries(probs)) logits[(ids.length - 1) * VOCAB + Number(id)] = Math.log(p);
      return { logits: new ort.Tensor('float32', logits, [1, ids.length, VOCAB]) };
    },
    release: async () => undefined,
  };
}

const image = new ort.Tensor('float32', new Float32Array(4), [1, 2, 2]);

describe('generate', () => {
  it('greedy: feeds [DEC] + the tokens so far, stops at [SEP], records the top two at each step', async () => {
    const seen: number[][] = [];
    const decoder = fakeDecoder({ '9': { 2: 0.6, 3: 0.4 }, '9,2': { 4: 0.9, 5: 0.1 }, '9,2,4': { [SEP]: 0.7, 6: 0.3 } }, seen);
    const steps = await generate(ort, decoder, image, { bos: BOS, sep: SEP, maxNewTokens: 20, numBeams: 1 });
    expect(steps.map((s) => s.id)).toEqual([2, 4, SEP]);
    expect(seen).toEqual([[9], [9, 2], [9, 2, 4]]);
    expect(steps[0]!.top.map((c) => c.id)).toEqual([2, 3]);
    expect(steps[0]!.probability).toBeCloseTo(0.6, 6);
  });

  it('greedy: stops after max_new_tokens', async () => {
    const decoder = fakeDecoder({ '9': { 2: 1 }, '9,2': { 2: 1 }, '9,2,2': { 2: 1 } });
    const steps = await generate(ort, decoder, image, { bos: BOS, sep: SEP, maxNewTokens: 2, numBeams: 1 });
    expect(steps.map((s) => s.id)).toEqual([2, 2]);
  });

  it('beam search finds the sequence greedy misses', async () => {
    // Greedy takes 2 (0.55) then a weak continuation; 3 (0.45) leads to a sure one.
    const table = { '9': { 2: 0.55, 3: 0.45 }, '9,2': { 4: 0.5, 5: 0.5 }, '9,3': { 6: 1 }, '9,2,4': { [SEP]: 1 }, '9,2,5': { [SEP]: 1 }, '9,3,6': { [SEP]: 1 } };
    const greedy = await generate(ort, fakeDecoder(table), image, { bos: BOS, sep: SEP, maxNewTokens: 5, numBeams: 1 });
    const beams = await generate(ort, fakeDecoder(table), image, { bos: BOS, sep: SEP, maxNewTokens: 5, numBeams: 2 });
    expect(greedy.map((s) => s.id)).toEqual([2, 4, SEP]);
    expect(beams.map((s) => s.id)).toEqual([3, 6, SEP]);
  });
});

describe('compare', () => {
  const caption = (ids: number[]) => ({
    caption: '',
    ms: 0,
    tokens: ids.map((id) => ({ id, text: `t${id}`, probability: 0.6, top: [{ id, text: `t${id}`, probability: 0.6 }, { id: 0, text: 't0', probability: 0.4 }] })),
  });
  it('names the first token where two captions differ, with both sides top two', () => {
    const d = compare(caption([1, 2, 3]), caption([1, 4, 3]));
    expect(d.index).toBe(1);
    expect(String(d)).toBe('token 2: t2 60.0% vs t0 40.0% | t4 60.0% vs t0 40.0%');
    expect(compare(caption([1, 2]), caption([1, 2])).index).toBe(-1);
  });
});
