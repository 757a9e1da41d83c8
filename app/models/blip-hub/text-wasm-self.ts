// The text decoder's causal self-attention on its KV cache, in plain TypeScript (runs where
// text-wasm.ts runs): at most max_length (20) keys a head, so a step's self-attention is ≈ 30 k
// multiply-adds a layer and row — cheaper in a JS loop than a WebAssembly call per head
// (bench/decoder-wasm measures it). The math is BertSelfAttention's: scores q·kᵀ / √head_dim,
// plus (1 − m)·−10000 where key position k > query position q (those terms' exp is exactly 0 in
// float32, so they are skipped), softmax, then Σ p·v. Products are summed in float64 and rounded
// to float32 once, the softmax in float64 (onnxruntime rounds at each step: they agree to ≈ 1e-7).

/** Keys or values of every sequence of a batch: [batch, heads, length, head_dim], row-major. */
export interface HeadCache {
  readonly batch: number;
  readonly length: number;
  readonly data: Float32Array;
}

export interface SelfAttentionShape {
  readonly heads: number;
  readonly headDim: number;
}

/** past [B, H, P, hd] then `count` new rows of each sequence (taken by `pick(b, t, h) → offset in src`) → [B, H, P + T, hd]. */
function appended(past: HeadCache, T: number, s: SelfAttentionShape, src: Float32Array, pick: (b: number, t: number, h: number) => number): HeadCache {
  const { heads, headDim: hd } = s;
  const P = past.length;
  const L = P + T;
  const data = new Float32Array(past.batch * heads * L * hd);
  for (let b = 0; b < past.batch; b++)
    for (let h = 0; h < heads; h++) {
      const to = ((b * heads + h) * L) * hd;
      const from = ((b * heads + h) * P) * hd;
      data.set(past.data.subarray(from, from + P * hd), to);
      for (let t = 0; t < T; t++) {
        const at = pick(b, t, h);
        data.set(src.subarray(at, at + hd), to + (P + t) * hd);
      }
    }
  return { batch: past.batch, length: L, data };
}

/**
 * qkv [B·T, 3·D] (the fused query | key | value Linear's rows, sequence-major) against the past
 * keys/values → the context [B·T, D] (heads side by side, as BERT's reshape gives) and the caches
 * with this step's keys/values appended (the present_key / present_value of the ONNX graph).
 */
export function causalSelfAttention(
  qkv: Float32Array,
  pastKeys: HeadCache,
  pastValues: HeadCache,
  T: number,
  s: SelfAttentionShape,
): { context: Float32Array; keys: HeadCache; values: HeadCache } {
  const { heads, headDim: hd } = s;
  const D = heads * hd;
  const B = pastKeys.batch;
  const P = pastKeys.length;
  const row = (b: number, t: number): number => (b * T + t) * 3 * D;
  const keys = appended(pastKeys, T, s, qkv, (b, t, h) => row(b, t) + D + h * hd);
  const values = appended(pastValues, T, s, qkv, (b, t, h) => row(b, t) + 2 * D + h * hd);
  const L = P + T;
  const context = new Float32Array(B * T * D);
  const scale = Math.sqrt(hd);
  const p = new Float64Array(L);
  const acc = new Float64Array(hd);
  for (let b = 0; b < B; b++)
    for (let h = 0; h < heads; h++) {
      const base = ((b * heads + h) * L) * hd;
      for (let t = 0; t < T; t++) {
        const q = row(b, t) + h * hd;
        const visible = P + t + 1; // causal: keys 0 … P + t
        let max = -Infinity;
        for (let j = 0; j < visible; j++) {
          let dot = 0;
          const k = base + j * hd;
          for (let d = 0; d < hd; d++) dot += qkv[q + d]! * keys.data[k + d]!;
          const score = Math.fround(Math.fround(dot) / scale);
          p[j] = score;
          if (score > max) max = score;
        }
        let sum = 0;
        for (let j = 0; j < visible; j++) {
          const e = Math.exp(p[j]! - max);
          p[j] = e;
          sum += e;
        }
        acc.fill(0);
        for (let j = 0; j < visible; j++) {
          const w = Math.fround(p[j]! / sum);
          const v = base + j * hd;
          for (let d = 0; d < hd; d++) acc[d] = acc[d]! + w * values.data[v + d]!;
        }
        const out = (b * T + t) * D + h * hd;
        for (let d = 0; d < hd; d++) context[out + d] = acc[d]!;
      }
    }
  return { context, keys, values };
}

/** The caches of the sequences `rows` (beam search's choice), copied. */
export function pickRows(cache: HeadCache, rows: readonly number[], s: SelfAttentionShape): HeadCache {
  const block = s.heads * cache.length * s.headDim;
  const data = new Float32Array(rows.length * block);
  rows.forEach((r, i) => {
    if (!Number.isInteger(r) || r < 0 || r >= cache.batch) throw new RangeError(`blip: reorder row ${r} is not one of the ${cache.batch} sequences`);
    data.set(cache.data.subarray(r * block, (r + 1) * block), i * block);
  });
  return { batch: rows.length, length: cache.length, data };
}
