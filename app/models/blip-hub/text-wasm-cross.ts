// The text decoder's cross-attention against the image on app/wasm (runs in the calling thread
// of text-wasm.ts: the kernel's worker later, a page, Node). Each head's keys K_h [N, head_dim]
// and values V_h [N, head_dim] are packed once per image as the "weights" of two LinearF32s —
// scores = q_h·K_hᵀ is a Linear with in = head_dim, out = N; context = p·V_h one with in = N,
// out = head_dim (weight V_hᵀ) — so a step multiplies them without repacking anything. The
// Linears are made once per decoder (memory regions are never freed) and repacked for each new
// image (GemvLinearF32: a step has few rows, so K is not blocked). Softmax of every head's scores is one SIMD128 call a layer (Activations). These products
// stay in the calling thread even with a pool: 24 small products a layer, where a pool's message
// round trip costs more than the product (app/wasm/CONTEXT.md).
import type { Activations } from '../../wasm/activations.ts';
import type { GemmMemory } from '../../wasm/gemm-memory.ts';
import type { LinearF32, LinearKernel } from '../../wasm/linear-f32.ts';
import { GemvLinearF32 } from '../../wasm/linear-gemv-f32.ts';

export interface CrossShape {
  readonly layers: number;
  readonly heads: number;
  readonly headDim: number;
  /** N: the image tokens */
  readonly tokens: number;
}

interface Head {
  /** in = head_dim, out = N: weight K_h */
  readonly keys: LinearF32;
  /** in = N, out = head_dim: weight V_hᵀ */
  readonly values: LinearF32;
}

export class CrossAttentionHeads {
  readonly #s: CrossShape;
  readonly #heads: Head[][] = [];
  readonly #kh: Float32Array;
  readonly #vt: Float32Array;

  constructor(memory: GemmMemory, s: CrossShape, kernel: 'auto' | LinearKernel) {
    this.#s = s;
    const { tokens: N, headDim: hd } = s;
    for (let l = 0; l < s.layers; l++) {
      const heads: Head[] = [];
      for (let h = 0; h < s.heads; h++) {
        const name = `cross-attention layer ${l} head ${h}`;
        heads.push({
          keys: new GemvLinearF32(memory, { name: `${name} q·Kᵀ`, inFeatures: hd, outFeatures: N, weight: new Float32Array(N * hd) }, { kernel }),
          values: new GemvLinearF32(memory, { name: `${name} p·V`, inFeatures: N, outFeatures: hd, weight: new Float32Array(hd * N) }, { kernel }),
        });
      }
      this.#heads.push(heads);
    }
    this.#kh = new Float32Array(N * hd);
    this.#vt = new Float32Array(hd * N);
  }

  /** Packs layer `l`'s keys and values of one image: kv [N, 2·D] (the fused key | value Linear's rows). */
  load(l: number, kv: Float32Array): void {
    const { tokens: N, headDim: hd, heads } = this.#s;
    const D = heads * hd;
    const kh = this.#kh;
    const vt = this.#vt;
    for (let h = 0; h < heads; h++) {
      for (let n = 0; n < N; n++) {
        const k = n * 2 * D + h * hd;
        kh.set(kv.subarray(k, k + hd), n * hd);
        const v = k + D;
        for (let d = 0; d < hd; d++) vt[d * N + n] = kv[v + d]!;
      }
      const head = this.#heads[l]![h]!;
      head.keys.repack(kh);
      head.values.repack(vt);
    }
  }

  /**
   * q [R, D] (the cross-attention query Linear's rows) → context [R, D]: per head softmax(q_h·K_hᵀ
   * / √head_dim)·V_h (no mask: one image, encoder_attention_mask all ones adds 0).
   */
  attend(l: number, q: Float32Array, activations: Activations, out: Float32Array): void {
    const { tokens: N, headDim: hd, heads } = this.#s;
    const D = heads * hd;
    const R = q.length / D;
    const qh = new Float32Array(R * hd);
    const scores = new Float32Array(heads * R * N);
    const layer = this.#heads[l]!;
    for (let h = 0; h < heads; h++) {
      for (let r = 0; r < R; r++) qh.set(q.subarray(r * D + h * hd, r * D + (h + 1) * hd), r * hd);
      layer[h]!.keys.run(qh, scores.subarray(h * R * N, (h + 1) * R * N));
    }
    // × 1/√head_dim where the graph divides by √head_dim: the same float32 for head_dim 16, 64 (any power of 4).
    activations.scaledSoftmaxRows(scores, N, 1 / Math.sqrt(hd));
    const ctx = new Float32Array(R * hd);
    for (let h = 0; h < heads; h++) {
      layer[h]!.values.run(scores.subarray(h * R * N, (h + 1) * R * N), ctx);
      for (let r = 0; r < R; r++) out.set(ctx.subarray(r * hd, (r + 1) * hd), r * D + h * hd);
    }
  }
}
