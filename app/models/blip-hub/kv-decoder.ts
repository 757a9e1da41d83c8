// Runs the cached text decoder graph (decoder-graph.ts) one step at a time: feeds the new
// tokens with the past keys/values (a zero-length past on the first step) and the image's
// cross-attention keys/values, keeps the present ones for the next step, and reorders them
// when beam search picks which hypotheses continue. Works with onnxruntime-web (page/worker)
// and onnxruntime-node (tests, bench): both take the same feeds.
import type { Ort } from '../ort.ts';
import type { OrtSession } from '../task.ts';
import { crossKey, crossValue, pastKey, pastValue, presentKey, presentValue } from './decoder-graph.ts';

type OrtTensor = InstanceType<Ort['Tensor']>;

export interface DecoderShape {
  readonly layers: number;
  readonly heads: number;
  readonly headDim: number;
  readonly vocab: number;
}

/** Keys and values of every layer for `batch` sequences of `length` tokens. */
export interface KvCache {
  readonly batch: number;
  readonly length: number;
  /** past_key_l / past_value_l → tensor [batch, heads, length, head_dim]. */
  readonly tensors: Readonly<Record<string, OrtTensor>>;
}

export interface StepResult<S> {
  /** [batch × vocab] logits of each sequence's last position. */
  readonly logits: Float32Array;
  readonly state: S;
}

/** What the generate loops need from a decoder: a state per batch of sequences, one step, and beam reordering. */
export interface DecoderStepper<S extends { readonly batch: number }> {
  readonly vocab: number;
  empty(batch: number): S;
  /** `tokens` are the new tokens of each sequence (all the same length). */
  step(tokens: readonly (readonly number[])[], state: S): Promise<StepResult<S>>;
  /** The state of the sequences `rows` (beam search's choice of which hypotheses go on). */
  reorder(state: S, rows: readonly number[]): S;
}

export class KvDecoder implements DecoderStepper<KvCache> {
  constructor(
    readonly ort: Pick<Ort, 'Tensor'>,
    readonly session: OrtSession,
    /** cross_key_l / cross_value_l of the image (from the cross graph). */
    readonly cross: Readonly<Record<string, OrtTensor>>,
    readonly shape: DecoderShape,
  ) {
    for (let l = 0; l < shape.layers; l++) {
      if (cross[crossKey(l)] === undefined || cross[crossValue(l)] === undefined) throw new Error(`blip: no cross-attention keys/values for layer ${l}`);
    }
  }

  get vocab(): number {
    return this.shape.vocab;
  }

  empty(batch: number): KvCache {
    const { heads, headDim } = this.shape;
    const tensors: Record<string, OrtTensor> = {};
    for (let l = 0; l < this.shape.layers; l++) {
      tensors[pastKey(l)] = new this.ort.Tensor('float32', new Float32Array(0), [batch, heads, 0, headDim]);
      tensors[pastValue(l)] = new this.ort.Tensor('float32', new Float32Array(0), [batch, heads, 0, headDim]);
    }
    return { batch, length: 0, tensors };
  }

  async step(tokens: readonly (readonly number[])[], cache: KvCache): Promise<StepResult<KvCache>> {
    const batch = tokens.length;
    const t = tokens[0]?.length ?? 0;
    if (batch !== cache.batch || t === 0 || tokens.some((r) => r.length !== t)) throw new RangeError(`blip: ${batch} rows of new tokens for a cache of ${cache.batch}`);
    const ids = BigInt64Array.from(tokens.flat(), BigInt);
    const out = await this.session.run({ input_ids: new this.ort.Tensor('int64', ids, [batch, t]), ...cache.tensors, ...this.cross });
    const logits = out['logits'];
    if (logits === undefined || !(logits.data instanceof Float32Array)) throw new Error('blip: the decoder gave no float32 logits');
    const tensors: Record<string, OrtTensor> = {};
    for (let l = 0; l < this.shape.layers; l++) {
      const k = out[presentKey(l)];
      const v = out[presentValue(l)];
      if (k === undefined || v === undefined) throw new Error(`blip: the decoder gave no present keys/values for layer ${l}`);
      tensors[pastKey(l)] = k;
      tensors[pastValue(l)] = v;
    }
    return { logits: logits.data, state: { batch, length: cache.length + t, tensors } };
  }

  /** Copies: the rows of a beam step are few and small next to a step's compute. */
  reorder(cache: KvCache, rows: readonly number[]): KvCache {
    const tensors: Record<string, OrtTensor> = {};
    const block = this.shape.heads * cache.length * this.shape.headDim;
    for (const [name, tensor] of Object.entries(cache.tensors)) {
      if (!(tensor.data instanceof Float32Array)) throw new Error(`blip: ${name} is not float32`);
      const src = tensor.data;
      const data = new Float32Array(rows.length * block);
      rows.forEach((r, i) => data.set(src.subarray(r * block, (r + 1) * block), i * block));
      tensors[name] = new this.ort.Tensor('float32', data, [rows.length, this.shape.heads, cache.length, this.shape.headDim]);
    }
    return { batch: rows.length, length: cache.length, tensors };
  }
}
