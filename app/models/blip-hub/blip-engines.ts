// What computes one BlipHubModel variant: onnxruntime's sessions (vision, cross + cached decoder,
// the full no-cache decoder) and/or app/wasm's engines (WasmVision, WasmText on one WebAssembly
// engine: a GemmMemory and its LinearPool, shared by both), each built on the first run that asks
// for it and kept. The first build of a vision engine and a text engine checks the checkpoint
// against what the two read (no tensor a BLIP of this config does not have), before any session
// is used; a failed first build frees whatever it made, so the next run starts again. Runs where
// the model runs (the kernel's worker, the lab's worker, Node).
import type { Ort } from '../ort.ts';
import type { OrtSession } from '../task.ts';
import {
  type BlipHubRuntime, type BlipVariant, createFullDecoderSession, createSessions, createTextSessions, createVisionSession, requireAllRead, type TextSessions,
} from './blip-hub-sessions.ts';
import type { CheckpointTensors } from './checkpoint-weights.ts';
import { type BlipHubConfig, visionTokens } from './config.ts';
import { crossKey, crossValue } from './decoder-graph.ts';
import type { Engine } from './engines.ts';
import { FullDecoder } from './full-decoder.ts';
import { type DecoderStepper, KvDecoder } from './kv-decoder.ts';
import { WasmText } from './text-engine.ts';
import { WasmVision } from './vision-engine.ts';
import type { WasmEngine } from './wasm-engine.ts';

type OrtTensor = InstanceType<Ort['Tensor']>;

export interface Encoded {
  /** image_embeds [1, N, D] row-major */
  readonly embeds: Float32Array;
  readonly label: string;
  readonly ms: number;
}

export class BlipEngines {
  #ortVision: OrtSession | null = null;
  #ortText: TextSessions | null = null;
  #full: OrtSession | null = null;
  #engine: WasmEngine | null = null;
  #wasmVision: WasmVision | null = null;
  #wasmText: WasmText | null = null;
  #checked = false;
  /** builds run one at a time (two runs must not build the same engine twice) */
  #building: Promise<unknown> = Promise.resolve();

  constructor(
    readonly tensors: CheckpointTensors,
    readonly config: BlipHubConfig,
    readonly variant: BlipVariant,
    readonly runtime: BlipHubRuntime,
  ) {}

  /** Builds what a run on these engines needs (and the full graph when `full`). */
  prepare(vision: Engine, decoder: Engine, full: boolean): Promise<void> {
    const next = this.#building.then(() => this.#prepare(vision, decoder, full));
    this.#building = next.catch(() => undefined);
    return next;
  }

  async #prepare(vision: Engine, decoder: Engine, full: boolean): Promise<void> {
    if (!this.#checked) {
      try {
        await this.#firstBuild(vision, decoder);
      } catch (e) {
        await this.dispose(); // nothing of a failed first build is kept
        throw e;
      }
      this.#checked = true;
    }
    const { tensors, config, variant, runtime } = this;
    if (vision === 'onnxruntime') this.#ortVision ??= await createVisionSession(tensors, config, variant, runtime);
    if (vision === 'wasm') this.#wasmVision ??= WasmVision.build(tensors, config, variant, await this.#wasmEngine());
    if (decoder === 'onnxruntime') this.#ortText ??= await createTextSessions(tensors, config, variant, runtime, new Set(tensors.keys()));
    if (decoder === 'wasm') this.#wasmText ??= WasmText.build(tensors, config, variant, await this.#wasmEngine());
    if (full) this.#full ??= await createFullDecoderSession(tensors, config, variant, runtime);
  }

  /** The first vision and text engines, the checkpoint checked against what they read before any is used. */
  async #firstBuild(vision: Engine, decoder: Engine): Promise<void> {
    const { tensors, config, variant, runtime } = this;
    if (vision === 'onnxruntime' && decoder === 'onnxruntime') {
      const all = await createSessions(tensors, config, variant, runtime); // checks before making sessions
      this.#ortVision = all.vision;
      this.#ortText = { cross: all.cross, decoder: all.decoder };
      return;
    }
    if (vision === 'wasm') {
      const v = (this.#wasmVision ??= WasmVision.build(tensors, config, variant, await this.#wasmEngine()));
      if (decoder === 'onnxruntime') {
        this.#ortText = await createTextSessions(tensors, config, variant, runtime, v.read); // checks first
        return;
      }
      const t = (this.#wasmText ??= WasmText.build(tensors, config, variant, await this.#wasmEngine()));
      requireAllRead(tensors, new Set([...v.read, ...t.read]));
      return;
    }
    const t = (this.#wasmText ??= WasmText.build(tensors, config, variant, await this.#wasmEngine()));
    this.#ortVision = await createVisionSession(tensors, config, variant, runtime, t.read); // checks first
  }

  async #wasmEngine(): Promise<WasmEngine> {
    const wasm = this.runtime.wasm;
    if (wasm === undefined) throw new Error('blip: this runtime has no WebAssembly engine');
    return (this.#engine ??= await wasm.open());
  }

  /** onnxruntime's three sessions (tests and the bench read them). */
  async sessions(): Promise<{ vision: OrtSession; cross: OrtSession; decoder: OrtSession }> {
    await this.prepare('onnxruntime', 'onnxruntime', false);
    return { vision: this.#ortVision!, ...this.#ortText! };
  }

  /** pixel_values → image_embeds on a prepared engine. */
  async encode(engine: Engine, pixels: Float32Array, dims: readonly number[]): Promise<Encoded> {
    const t0 = performance.now();
    switch (engine) {
      case 'wasm': {
        const w = this.#need(this.#wasmVision, 'the WebAssembly vision encoder');
        const embeds = await w.run(pixels);
        return { embeds, label: w.label, ms: performance.now() - t0 };
      }
      case 'onnxruntime': {
        const session = this.#need(this.#ortVision, "onnxruntime's vision session");
        const out = await session.run({ pixel_values: new this.runtime.ort.Tensor('float32', pixels, [...dims]) });
        const embeds = out['image_embeds']?.data;
        if (!(embeds instanceof Float32Array)) throw new Error('blip: the vision graph gave no float32 image_embeds');
        return { embeds, label: this.runtime.name ?? 'onnxruntime', ms: performance.now() - t0 };
      }
    }
  }

  /** What the caption's decoder_engine says for an engine. */
  decoderLabel(engine: Engine, full: boolean): string {
    if (engine === 'wasm' && !full) return this.#need(this.#wasmText, 'the WebAssembly text decoder').label;
    return this.runtime.name ?? 'onnxruntime';
  }

  /** The decoder for one image: the full graph (use_cache: false), onnxruntime's cached decoder on its cross keys/values, or the WebAssembly one. */
  async stepper(engine: Engine, embeds: Float32Array, full: boolean): Promise<DecoderStepper<{ readonly batch: number }>> {
    const { ort } = this.runtime;
    const t = this.config.text;
    const tensor = (): OrtTensor => new ort.Tensor('float32', embeds, [1, visionTokens(this.config.vision), this.config.vision.hidden]);
    if (full) return new FullDecoder(ort, this.#need(this.#full, "onnxruntime's full decoder session"), tensor(), t.vocab);
    switch (engine) {
      case 'wasm':
        return this.#need(this.#wasmText, 'the WebAssembly text decoder').forImage(embeds);
      case 'onnxruntime': {
        const sessions = this.#need(this.#ortText, "onnxruntime's text sessions");
        const cross = await sessions.cross.run({ image_embeds: tensor() });
        for (let l = 0; l < t.layers; l++) if (cross[crossKey(l)] === undefined || cross[crossValue(l)] === undefined) throw new Error(`blip: no cross keys/values for layer ${l}`);
        return new KvDecoder(ort, sessions.decoder, cross, { layers: t.layers, heads: t.heads, headDim: t.hidden / t.heads, vocab: t.vocab });
      }
    }
  }

  #need<T>(made: T | null, what: string): T {
    if (made === null) throw new Error(`blip: ${what} was not built (prepare() first)`);
    return made;
  }

  /** Which engines exist (tests). */
  get built(): { ortVision: boolean; ortText: boolean; wasmVision: boolean; wasmText: boolean; full: boolean } {
    return { ortVision: this.#ortVision !== null, ortText: this.#ortText !== null, wasmVision: this.#wasmVision !== null, wasmText: this.#wasmText !== null, full: this.#full !== null };
  }

  /** Releases the sessions and ends the WebAssembly engine's workers (its memory goes with the last reference). */
  async dispose(): Promise<void> {
    const sessions = [this.#ortVision, this.#ortText?.cross, this.#ortText?.decoder, this.#full];
    const engine = this.#engine;
    this.#ortVision = this.#ortText = this.#full = this.#engine = this.#wasmVision = this.#wasmText = null;
    this.#checked = false;
    for (const s of sessions) if (s !== null && s !== undefined) await s.release().catch(() => undefined);
    engine?.dispose();
  }
}
