// kv-decoder.ts's DecoderStepper on the WebAssembly text decoder (text-wasm.ts; runs where it
// runs): the state is every layer's keys/values as [batch, heads, length, head_dim] Float32Arrays
// (the layout of the ONNX graph's present_key / present_value), never changed in place — a step
// returns new caches, `reorder` copies the chosen rows (beam search), `empty` starts at length 0.
// The inputs are checked here, with the errors KvDecoder gives where it gives one.
import type { DecoderStepper, StepResult } from './kv-decoder.ts';
import { type HeadCache, pickRows } from './text-wasm-self.ts';

export interface WasmKvState {
  readonly batch: number;
  readonly length: number;
  /** per layer */
  readonly keys: readonly HeadCache[];
  readonly values: readonly HeadCache[];
}

export interface TextStepShape {
  readonly layers: number;
  readonly heads: number;
  readonly headDim: number;
  readonly vocab: number;
  readonly maxPositions: number;
}

/** ids [B·T] (sequence-major), T, the past caches → logits [B, vocab] and the caches with the step appended. */
export type TextForward = (
  ids: readonly number[],
  T: number,
  keys: readonly HeadCache[],
  values: readonly HeadCache[],
) => Promise<WasmKvState & { readonly logits: Float32Array }>;

export class WasmTextStepper implements DecoderStepper<WasmKvState> {
  constructor(
    readonly shape: TextStepShape,
    private readonly forward: TextForward,
  ) {}

  get vocab(): number {
    return this.shape.vocab;
  }

  empty(batch: number): WasmKvState {
    if (!Number.isInteger(batch) || batch < 1) throw new RangeError(`blip: a batch of ${batch} sequences`);
    const none = (): HeadCache => ({ batch, length: 0, data: new Float32Array(0) });
    return { batch, length: 0, keys: Array.from({ length: this.shape.layers }, none), values: Array.from({ length: this.shape.layers }, none) };
  }

  async step(tokens: readonly (readonly number[])[], state: WasmKvState): Promise<StepResult<WasmKvState>> {
    const batch = tokens.length;
    const t = tokens[0]?.length ?? 0;
    if (batch !== state.batch || t === 0 || tokens.some((r) => r.length !== t)) throw new RangeError(`blip: ${batch} rows of new tokens for a cache of ${state.batch}`);
    const { vocab, maxPositions } = this.shape;
    if (state.length + t > maxPositions)
      throw new RangeError(`blip: positions ${state.length} … ${state.length + t - 1} exceed max_position_embeddings ${maxPositions}`);
    const ids = tokens.flat();
    const bad = ids.find((id) => !Number.isInteger(id) || id < 0 || id >= vocab);
    if (bad !== undefined) throw new RangeError(`blip: token id ${bad} is not in the vocabulary (0 … ${vocab - 1})`);
    const { logits, ...next } = await this.forward(ids, t, state.keys, state.values);
    return { logits, state: next };
  }

  reorder(state: WasmKvState, rows: readonly number[]): WasmKvState {
    const s = this.shape;
    return { batch: rows.length, length: state.length, keys: state.keys.map((c) => pickRows(c, rows, s)), values: state.values.map((c) => pickRows(c, rows, s)) };
  }
}
