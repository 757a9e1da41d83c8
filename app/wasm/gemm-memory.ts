// The one WebAssembly.Memory the Linears of a model live in (runs in the calling thread: the
// kernel's worker, a page, Node), shared when SharedArrayBuffer exists so a pool of workers can
// run on it. Regions, in byte offsets:
//   [0, 64)                      never used (an offset of 0 is then always a bug)
//   [64, weightsTop)             weights: each Linear's packed panels and its padded bias, appended
//                                as Linears are made, never freed (64-byte aligned: a cache line)
//   [weightsTop, weightsTop + s) scratch of the run in flight: A (the input, rows padded to kPad)
//                                then C (the output, rows padded to nPad); reused by every run
// The memory grows (memory.grow) as weights are added and as a run needs more scratch; a growth
// the engine refuses is an error that says how much was needed.
import { activationModuleBytes, instantiateActivations, type ActivationFns } from './activation-kernels.ts';
import { gemmModuleBytes, type Block, type Variant } from './gemm-kernels.ts';
import { instantiateMacro, PAGE_BYTES, type MacroFn } from './gemm-run.ts';

/** wasm32's limit, 4 GiB: a maximum is only a reservation (shared memories must declare one). */
export const MAX_PAGES = 65536;

const ALIGN = 64;
const alignUp = (n: number): number => Math.ceil(n / ALIGN) * ALIGN;
const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

export interface GemmMemoryOptions {
  /** A shared memory (default: when SharedArrayBuffer exists). A pool of workers needs one. */
  readonly shared?: boolean;
  /** At most this many 64 KiB pages (default MAX_PAGES). */
  readonly maxPages?: number;
}

/** One compiled kernel module and its instance on this memory, in this thread. */
export interface CompiledKernel {
  /** variant and block, e.g. "f32-relaxed 4x8": what workers are told to instantiate */
  readonly key: string;
  readonly module: WebAssembly.Module;
  readonly macro: MacroFn;
}

export class GemmMemory {
  readonly memory: WebAssembly.Memory;
  readonly shared: boolean;
  readonly maxPages: number;
  private weightsTop = ALIGN;
  private readonly kernels = new Map<string, CompiledKernel>();
  #activations: { readonly module: WebAssembly.Module; readonly fns: ActivationFns } | undefined;
  /** What a pool's run in flight is (it uses the scratch region: adding weights or another run then would overwrite it), or null. */
  #inFlight: string | null = null;
  /** validates() by variant and block: the same bytes always validate alike in one engine */
  readonly #validates = new Map<string, boolean>();

  constructor(options: GemmMemoryOptions = {}) {
    this.shared = options.shared ?? typeof SharedArrayBuffer !== 'undefined';
    this.maxPages = options.maxPages ?? MAX_PAGES;
    if (!Number.isInteger(this.maxPages) || this.maxPages < 1 || this.maxPages > MAX_PAGES)
      throw new Error(`GemmMemory: maxPages must be an integer in 1..${MAX_PAGES}, got ${this.maxPages}`);
    if (this.shared && typeof SharedArrayBuffer === 'undefined')
      throw new Error('GemmMemory: a shared memory needs SharedArrayBuffer, which this context lacks (not cross-origin isolated)');
    this.memory = new WebAssembly.Memory({ initial: 1, maximum: this.maxPages, shared: this.shared });
  }

  /** The current buffer (a new object after every growth: take views from it, do not keep them across growth). */
  get buffer(): ArrayBuffer | SharedArrayBuffer {
    return this.memory.buffer;
  }
  get bytes(): number {
    return this.memory.buffer.byteLength;
  }
  /** Where the scratch region starts: the end of the weights. */
  get scratchStart(): number {
    return this.weightsTop;
  }

  /** Marks the scratch region as used by a run of `label` (an asynchronous one: a pool's) until `release`. */
  claim(label: string): void {
    if (this.#inFlight !== null)
      throw new Error(`${label}: a run of ${this.#inFlight} is in flight on this memory (it uses the scratch region)`);
    this.#inFlight = label;
  }
  release(): void {
    this.#inFlight = null;
  }

  /** Bytes for `what`'s weights at the end of the weights region, zeroed (the region may have been scratch before). */
  allocWeights(bytes: number, what: string): number {
    if (this.#inFlight !== null)
      throw new Error(
        `${what}: cannot add weights while a run of ${this.#inFlight} is in flight on this memory (it would overwrite its scratch)`,
      );
    const at = this.weightsTop;
    // Memory that grow() adds is zero (the WebAssembly spec): only what was there before may hold
    // an earlier run's scratch. Zeroing the fresh part too would fault its pages in twice over
    // (≈ 1.3 s of a BLIP-base build in Node here, before the packing touched them again).
    const used = Math.min(at + bytes, this.memory.buffer.byteLength);
    this.ensure(at + bytes, `${what}'s weights (${mib(bytes)})`);
    if (used > at) new Uint8Array(this.memory.buffer, at, used - at).fill(0);
    this.weightsTop = alignUp(at + bytes);
    return at;
  }

  /** The memory holds at least `end` bytes (grows it if not); `what` names the need in the error. */
  ensure(end: number, what: string): void {
    const have = this.memory.buffer.byteLength;
    if (end <= have) return;
    const pages = Math.ceil(end / PAGE_BYTES);
    const fail = (why: string): Error =>
      new Error(
        `out of WebAssembly memory: ${what} needs ${mib(end)} in all (${mib(have)} now, at most ${mib(this.maxPages * PAGE_BYTES)}): ${why}`,
      );
    if (pages > this.maxPages) throw fail('more than the maximum');
    try {
      this.memory.grow(pages - have / PAGE_BYTES);
    } catch (error) {
      throw fail(`the engine refused to grow it (${String(error)})`);
    }
  }

  /** The kernel module for a variant and block, compiled and instantiated on this memory once (in this thread). */
  kernel(variant: Variant, block: Block): CompiledKernel {
    const key = `${variant} ${block.mr}x${block.nr}`;
    let k = this.kernels.get(key);
    if (k === undefined) {
      const module = new WebAssembly.Module(gemmModuleBytes(variant, block, this.maxPages, this.shared));
      k = { key, module, macro: instantiateMacro(module, this.memory) };
      this.kernels.set(key, k);
    }
    return k;
  }

  /** The activations module (exp, softmax, GELU, LayerNorm: activation-kernels.ts), compiled and instantiated on this memory once (in this thread). */
  activations(): { readonly module: WebAssembly.Module; readonly fns: ActivationFns } {
    if (this.#activations === undefined) {
      const module = new WebAssembly.Module(activationModuleBytes(this.maxPages, this.shared));
      this.#activations = { module, fns: instantiateActivations(module, this.memory) };
    }
    return this.#activations;
  }

  /** Whether this engine validates the module of a variant (relaxed SIMD: Chromium ≥ 114; Node 20 only with a flag). */
  validates(variant: Variant, block: Block): boolean {
    const key = `${variant} ${block.mr}x${block.nr}`;
    let ok = this.#validates.get(key);
    if (ok === undefined) {
      // generating a module's bytes takes ≈ 5 ms; each Linear asks (a BLIP build: ≈ 0.5 s once per Linear)
      ok = WebAssembly.validate(gemmModuleBytes(variant, block, this.maxPages, this.shared));
      this.#validates.set(key, ok);
    }
    return ok;
  }
}
