// transformers 4.x `generate()` for BlipForConditionalGeneration on the KV-cache decoder:
// greedy (default) and beam search (`num_beams` > 1) exactly as GenerationMixin does it:
// - the sequence starts as [bos] (or the prompt's ids), `max_length` counts the whole sequence,
//   generation stops at sep_token_id;
// - beam search: log-softmax scores added to the beam's, the best 2·num_beams candidates over all
//   beams; a [SEP] candidate ranked below num_beams is ignored, otherwise it ends a hypothesis
//   scored sum / length (length counts [bos] and the prompt, not the [SEP]); done when num_beams
//   hypotheses are kept and the worst of them beats the best running score / current length
//   (early_stopping=False); at max_length the running beams join the hypotheses.
// Scores are float32 like torch's, rounded with Math.fround.
import { softmaxLast, topK, type GeneratedStep } from '../blip/generate.ts';
import type { DecoderStepper } from './kv-decoder.ts';

export interface GenerateConfig {
  /** Starting ids: [bos] or [bos, …prompt]. */
  readonly start: readonly number[];
  readonly sep: number;
  readonly maxLength: number;
  readonly numBeams: number;
}

export interface Generated {
  /** The whole sequence as transformers returns it ([bos], prompt, caption, [SEP] when it ended). */
  readonly ids: readonly number[];
  /** One entry per generated token. */
  readonly steps: readonly GeneratedStep[];
  /** Beam search: transformers' sequences_scores (null under greedy). */
  readonly score: number | null;
}

const f32 = Math.fround;

function row(logits: Float32Array, vocab: number, r: number): Float32Array {
  return logits.subarray(r * vocab, (r + 1) * vocab);
}

function stepOf(p: Float64Array, id: number): GeneratedStep {
  return { id, probability: p[id]!, top: topK(p, 2) };
}

export async function generateCaption<S extends { readonly batch: number }>(decoder: DecoderStepper<S>, config: GenerateConfig): Promise<Generated> {
  if (config.start.length === 0) throw new RangeError('generate: the sequence needs at least the bos token');
  return config.numBeams > 1 ? beamSearch(decoder, config) : greedy(decoder, config);
}

async function greedy<S extends { readonly batch: number }>(decoder: DecoderStepper<S>, config: GenerateConfig): Promise<Generated> {
  const vocab = decoder.vocab;
  const ids = [...config.start];
  const steps: GeneratedStep[] = [];
  let cache = decoder.empty(1);
  let feed: number[] = [...config.start];
  while (ids.length < config.maxLength) {
    const out = await decoder.step([feed], cache);
    const logits = row(out.logits, vocab, 0);
    // torch.argmax: the first index of the maximum.
    let best = 0;
    for (let i = 1; i < vocab; i++) if (logits[i]! > logits[best]!) best = i;
    steps.push(stepOf(softmaxLast(logits, [vocab]), best));
    ids.push(best);
    if (best === config.sep) break;
    cache = out.state;
    feed = [best];
  }
  return { ids, steps, score: null };
}

/** log_softmax in float32 (computed in float64, rounded once). */
function logSoftmax(logits: Float32Array): Float32Array {
  let max = -Infinity;
  for (const x of logits) max = Math.max(max, x);
  let sum = 0;
  for (const x of logits) sum += Math.exp(x - max);
  const lse = max + Math.log(sum);
  return Float32Array.from(logits, (x) => x - lse);
}

interface Hypothesis {
  readonly ids: readonly number[];
  readonly steps: readonly GeneratedStep[];
  readonly score: number;
}

/** BeamHypotheses: the best `size` ended hypotheses. */
class Hypotheses {
  readonly beams: Hypothesis[] = [];
  worst = 1e9;
  constructor(readonly size: number) {}

  add(ids: readonly number[], steps: readonly GeneratedStep[], sumLogprobs: number): void {
    const score = sumLogprobs / ids.length; // length_penalty 1.0
    if (this.beams.length < this.size || score > this.worst) {
      this.beams.push({ ids, steps, score });
      if (this.beams.length > this.size) {
        const sorted = this.beams.map((b, i) => ({ s: b.score, i })).sort((a, b) => a.s - b.s || a.i - b.i);
        this.beams.splice(sorted[0]!.i, 1);
        this.worst = sorted[1]!.s;
      } else this.worst = Math.min(score, this.worst);
    }
  }

  isDone(bestSumLogprobs: number, curLen: number): boolean {
    if (this.beams.length < this.size) return false;
    return this.worst >= bestSumLogprobs / curLen;
  }
}

interface Running {
  readonly ids: readonly number[];
  readonly steps: readonly GeneratedStep[];
  readonly score: number;
}

async function beamSearch<S extends { readonly batch: number }>(decoder: DecoderStepper<S>, config: GenerateConfig): Promise<Generated> {
  const n = config.numBeams;
  const vocab = decoder.vocab;
  const hyps = new Hypotheses(n);
  // All beams start equal and beams 1… carry −1e9, so the first step expands beam 0 only:
  // one row is enough for it.
  let running: Running[] = [{ ids: [...config.start], steps: [], score: 0 }];
  let cache = decoder.empty(1);
  let feed: number[][] = [[...config.start]];
  let done = false;
  while (!done) {
    const out = await decoder.step(feed, cache);
    const curLen = running[0]!.ids.length;
    const candidates: { beam: number; id: number; score: number }[] = [];
    const probs: Float64Array[] = [];
    running.forEach((beam, b) => {
      const logits = row(out.logits, vocab, b);
      probs.push(softmaxLast(logits, [vocab]));
      const lp = logSoftmax(logits);
      for (let id = 0; id < vocab; id++) candidates.push({ beam: b, id, score: f32(lp[id]! + beam.score) });
    });
    // torch.topk(2·num_beams) over beams × vocab, sorted (ties: lower flat index first).
    candidates.sort((a, b) => b.score - a.score || a.beam * vocab + a.id - (b.beam * vocab + b.id));
    const top = candidates.slice(0, 2 * n);
    const next: Running[] = [];
    const rows: number[] = [];
    for (const [rank, c] of top.entries()) {
      const beam = running[c.beam]!;
      const step = stepOf(probs[c.beam]!, c.id);
      if (c.id === config.sep) {
        if (rank >= n) continue;
        hyps.add(beam.ids, [...beam.steps, step], c.score);
      } else {
        next.push({ ids: [...beam.ids, c.id], steps: [...beam.steps, step], score: c.score });
        rows.push(c.beam);
      }
      if (next.length === n) break;
    }
    done = hyps.isDone(top[0]!.score, curLen);
    running = next;
    if (done || running[0]!.ids.length >= config.maxLength) break;
    cache = decoder.reorder(out.state, rows);
    feed = running.map((r) => [r.ids.at(-1)!]);
  }
  if (!done) for (const r of running) hyps.add(r.ids, r.steps, r.score);
  // sorted(..., key=score).pop(): the highest score, the last added among equals.
  let best = hyps.beams[0]!;
  for (const h of hyps.beams) if (h.score >= best.score) best = h;
  const ended = best.ids.length < config.maxLength;
  return { ids: ended ? [...best.ids, config.sep] : best.ids, steps: best.steps, score: f32(best.score) };
}
