// BLIP's caption loop: encode the image once, then run the text decoder on
// the growing token sequence (no KV cache needed), from [DEC] until [SEP] or
// max_new_tokens. Greedy by default; beam search with num_beams > 1.
import type { Ort } from '../ort.ts';
import type { OrtSession } from '../task.ts';

export interface Candidate {
  readonly id: number;
  readonly probability: number;
}

export interface GeneratedStep {
  readonly id: number;
  readonly probability: number;
  /** The two most likely tokens at this step (the chosen one first under greedy). */
  readonly top: readonly Candidate[];
}

export interface GenerateOptions {
  readonly bos: number;
  readonly sep: number;
  readonly maxNewTokens: number;
  readonly numBeams: number;
}

type OrtTensor = InstanceType<Ort['Tensor']>;

export function softmaxLast(logits: Float32Array, dims: readonly number[]): Float64Array {
  const vocab = dims[dims.length - 1]!;
  const offset = logits.length - vocab;
  let max = -Infinity;
  for (let i = 0; i < vocab; i++) max = Math.max(max, logits[offset + i]!);
  const p = new Float64Array(vocab);
  let sum = 0;
  for (let i = 0; i < vocab; i++) sum += p[i] = Math.exp(logits[offset + i]! - max);
  for (let i = 0; i < vocab; i++) p[i]! /= sum;
  return p;
}

export function topK(p: Float64Array, k: number): Candidate[] {
  const best: Candidate[] = [];
  for (let id = 0; id < p.length; id++) {
    const probability = p[id]!;
    if (best.length < k || probability > best[best.length - 1]!.probability) {
      best.push({ id, probability });
      best.sort((a, b) => b.probability - a.probability || a.id - b.id);
      if (best.length > k) best.pop();
    }
  }
  return best;
}

export async function encodeImage(ort: Pick<Ort, 'Tensor'>, vision: OrtSession, pixels: { data: Float32Array; dims: readonly number[] }): Promise<OrtTensor> {
  const out = await vision.run({ [vision.inputNames[0] ?? 'pixel_values']: new ort.Tensor('float32', pixels.data, [...pixels.dims]) });
  const embeds = out[vision.outputNames[0] ?? ''];
  if (embeds === undefined) throw new Error('blip: the vision model gave no output');
  return embeds;
}

/** Next-token probabilities after `ids`. */
async function nextProbabilities(ort: Pick<Ort, 'Tensor'>, decoder: OrtSession, image: OrtTensor, ids: readonly number[]): Promise<Float64Array> {
  const ones = (n: number) => new BigInt64Array(n).fill(1n);
  const feeds: Record<string, OrtTensor> = {
    input_ids: new ort.Tensor('int64', BigInt64Array.from(ids, BigInt), [1, ids.length]),
    attention_mask: new ort.Tensor('int64', ones(ids.length), [1, ids.length]),
    encoder_hidden_states: image,
  };
  if (decoder.inputNames.includes('encoder_attention_mask')) {
    const n = image.dims[1] ?? 0;
    feeds['encoder_attention_mask'] = new ort.Tensor('int64', ones(n), [1, n]);
  }
  const out = await decoder.run(feeds);
  const logits = out[decoder.outputNames[0] ?? 'logits'];
  if (logits === undefined || !(logits.data instanceof Float32Array)) throw new Error('blip: the decoder gave no float32 logits');
  return softmaxLast(logits.data, logits.dims);
}

export async function generate(ort: Pick<Ort, 'Tensor'>, decoder: OrtSession, image: OrtTensor, options: GenerateOptions): Promise<GeneratedStep[]> {
  if (options.numBeams > 1) return beamSearch(ort, decoder, image, options);
  const ids = [options.bos];
  const steps: GeneratedStep[] = [];
  for (let t = 0; t < options.maxNewTokens; t++) {
    const p = await nextProbabilities(ort, decoder, image, ids);
    const top = topK(p, 2);
    const chosen = top[0]!;
    steps.push({ id: chosen.id, probability: chosen.probability, top });
    if (chosen.id === options.sep) break;
    ids.push(chosen.id);
  }
  return steps;
}

interface Beam {
  readonly steps: GeneratedStep[];
  readonly logp: number;
}

/** Beam search with length-normalised scores (HF's length_penalty = 1). */
async function beamSearch(ort: Pick<Ort, 'Tensor'>, decoder: OrtSession, image: OrtTensor, options: GenerateOptions): Promise<GeneratedStep[]> {
  let beams: Beam[] = [{ steps: [], logp: 0 }];
  const finished: Beam[] = [];
  const score = (b: Beam) => b.logp / Math.max(1, b.steps.length);
  for (let t = 0; t < options.maxNewTokens && beams.length > 0; t++) {
    const expanded: Beam[] = [];
    for (const beam of beams) {
      const p = await nextProbabilities(ort, decoder, image, [options.bos, ...beam.steps.map((s) => s.id)]);
      const top = topK(p, Math.max(2, options.numBeams));
      for (const c of top.slice(0, options.numBeams)) {
        expanded.push({ steps: [...beam.steps, { id: c.id, probability: c.probability, top: top.slice(0, 2) }], logp: beam.logp + Math.log(c.probability) });
      }
    }
    expanded.sort((a, b) => b.logp - a.logp);
    beams = [];
    // As in HF: an ended hypothesis counts only if it ranks among the best num_beams candidates.
    expanded.slice(0, options.numBeams * 2).forEach((b, rank) => {
      if (b.steps.at(-1)?.id === options.sep) {
        if (rank < options.numBeams) finished.push(b);
      } else if (beams.length < options.numBeams) beams.push(b);
    });
    const bestFinished = Math.max(...finished.map(score));
    const bestRunning = Math.max(...beams.map(score));
    if (finished.length >= options.numBeams && bestFinished >= bestRunning) break;
  }
  const pool = finished.length > 0 ? finished : beams;
  return [...pool].sort((a, b) => score(b) - score(a))[0]?.steps ?? [];
}
