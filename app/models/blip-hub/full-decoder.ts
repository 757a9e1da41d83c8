// The no-cache decoder: the exported layout (input_ids, attention_mask, encoder_hidden_states →
// logits [B, T, vocab]) rerun on the whole sequence at every step, cross-attention keys and
// values recomputed each time. It is `run(image, { use_cache: false })` (transformers' own
// option) and the baseline the KV cache is checked and measured against.
import type { Ort } from '../ort.ts';
import type { OrtSession } from '../task.ts';
import type { DecoderStepper, StepResult } from './kv-decoder.ts';

type OrtTensor = InstanceType<Ort['Tensor']>;

export interface Sequences {
  readonly batch: number;
  readonly rows: readonly (readonly number[])[];
}

export class FullDecoder implements DecoderStepper<Sequences> {
  constructor(readonly ort: Pick<Ort, 'Tensor'>, readonly session: OrtSession, readonly image: OrtTensor, readonly vocab: number) {}

  empty(batch: number): Sequences {
    return { batch, rows: Array.from({ length: batch }, () => []) };
  }

  async step(tokens: readonly (readonly number[])[], state: Sequences): Promise<StepResult<Sequences>> {
    if (tokens.length !== state.batch) throw new RangeError(`blip: ${tokens.length} rows of new tokens for ${state.batch} sequences`);
    const rows = state.rows.map((r, i) => [...r, ...tokens[i]!]);
    const t = rows[0]!.length;
    const ids = BigInt64Array.from(rows.flat(), BigInt);
    const out = await this.session.run({
      input_ids: new this.ort.Tensor('int64', ids, [rows.length, t]),
      attention_mask: new this.ort.Tensor('int64', new BigInt64Array(ids.length).fill(1n), [rows.length, t]),
      encoder_hidden_states: this.image,
    });
    const logits = out['logits'];
    if (logits === undefined || !(logits.data instanceof Float32Array)) throw new Error('blip: the decoder gave no float32 logits');
    const last = new Float32Array(rows.length * this.vocab);
    for (let b = 0; b < rows.length; b++) last.set(logits.data.subarray(((b + 1) * t - 1) * this.vocab, (b + 1) * t * this.vocab), b * this.vocab);
    return { logits: last, state: { batch: rows.length, rows } };
  }

  reorder(state: Sequences, rows: readonly number[]): Sequences {
    return { batch: rows.length, rows: rows.map((r) => state.rows[r]!) };
  }
}
