// What this engine's `i32x4.relaxed_dot_i8x16_i7x16_add_s(a, b, c)` computes when b's top bit is set
// (runs in the calling thread: linear-int8.ts picks an int8 kernel with it; any thread gives the same
// answer, as every thread runs the same engine on the same CPU). The relaxed-SIMD spec defines the
// instruction only for b in [0, 127]; outside it each engine does what its CPU does, always the same way:
//   'u8s8'           b unsigned, products summed in int32 without saturation (x86 with VNNI: vpdpbusd)
//   's8s8'           b signed, exact (ARM's sdot, x86's AVX-VNNI-INT8 vpdpbssd)
//   'pairs-saturate' b unsigned, each adjacent pair of products summed in int16 with saturation
//                    (x86 without VNNI: pmaddubsw, then pmaddwd by ones)
//   'other'          none of these on every probe vector
//   'none'           the engine does not validate relaxed SIMD
// Only 'u8s8' lets u8 activations (0..255) feed b exactly: linear-int8.ts's `i8-u8-fused` kernel, 8-bit
// weights at VNNI speed. The probe runs the instruction on edge cases (255·127 pairs that saturate
// int16, 128·−128, 0) and seeded random vectors and compares every lane with the three readings.
import { seededRandom } from '../shared/seeded-random.ts';
import { FunctionBuilder } from './wasm-emit.ts';
import { moduleBytes } from './wasm-module.ts';

export type RelaxedDotBehaviour = 'u8s8' | 's8s8' | 'pairs-saturate' | 'other' | 'none';

/** The probe's vectors: a (i8), b (bytes, read as the reading says), c (int32 accumulators), 16 / 16 / 4 per vector. */
export interface DotProbeInputs {
  readonly a: Int8Array;
  readonly b: Uint8Array;
  readonly c: Int32Array;
}

const RANDOM_VECTORS = 256;

/** The edge vectors first (each lane pattern repeated over the 16 bytes), then seeded random ones. */
export function dotProbeInputs(seed = 1): DotProbeInputs {
  const edges: [number, number][] = [
    [127, 255], // 2 · 255 · 127 = 64,770: saturates an int16 pair
    [-128, 255],
    [-128, 128],
    [127, 128],
    [1, 255],
    [-1, 129],
    [0, 255],
    [127, 127], // within the defined range: every reading agrees
  ];
  const n = edges.length + RANDOM_VECTORS;
  const a = new Int8Array(n * 16);
  const b = new Uint8Array(n * 16);
  const c = new Int32Array(n * 4);
  edges.forEach(([x, y], v) => {
    a.fill(x, v * 16, v * 16 + 16);
    b.fill(y, v * 16, v * 16 + 16);
    c.fill(v * 1000 - 3000, v * 4, v * 4 + 4);
  });
  const random = seededRandom(seed);
  for (let i = edges.length * 16; i < n * 16; i++) {
    a[i] = Math.floor(random() * 256) - 128;
    b[i] = Math.floor(random() * 256);
  }
  for (let i = edges.length * 4; i < n * 4; i++) c[i] = Math.floor(random() * 2_000_001) - 1_000_000;
  return { a, b, c };
}

const saturate16 = (v: number): number => Math.max(-32768, Math.min(32767, v));

/** Lane `lane` of vector `v` as `reading` computes it (the probe's reference semantics). */
export function dotLane(inputs: DotProbeInputs, v: number, lane: number, reading: 'u8s8' | 's8s8' | 'pairs-saturate'): number {
  const at = v * 16 + lane * 4;
  const x = (k: number): number => inputs.a[at + k]!;
  const y = (k: number): number => (reading === 's8s8' ? (inputs.b[at + k]! << 24) >> 24 : inputs.b[at + k]!);
  const c = inputs.c[v * 4 + lane]!;
  if (reading === 'pairs-saturate') return c + saturate16(x(0) * y(0) + x(1) * y(1)) + saturate16(x(2) * y(2) + x(3) * y(3));
  return c + x(0) * y(0) + x(1) * y(1) + x(2) * y(2) + x(3) * y(3);
}

/** Which reading every lane of `out` (what the engine gave, 4 int32 per vector) agrees with. */
export function classifyRelaxedDot(inputs: DotProbeInputs, out: Int32Array): Exclude<RelaxedDotBehaviour, 'none'> {
  const readings = ['u8s8', 's8s8', 'pairs-saturate'] as const;
  for (const reading of readings) {
    let all = true;
    for (let i = 0; i < out.length && all; i++) all = out[i] === dotLane(inputs, Math.floor(i / 4), i % 4, reading);
    if (all) return reading;
  }
  return 'other';
}

// probe(a, b, c, out, n): out[v] = relaxed_dot_add(a[v], b[v], c[v]) for n vectors (byte offsets; a, b 16 bytes a vector, c, out 16)
function probeFunction(): FunctionBuilder {
  const f = new FunctionBuilder(5);
  const [a, b, c, out, n] = [0, 1, 2, 3, 4] as const;
  f.loopVoid();
  f.get(out);
  f.get(a).v128Load(0).get(b).v128Load(0).get(c).v128Load(0).i32x4RelaxedDotI8x16I7x16AddS();
  f.v128Store(0);
  f.addImm(a, 16).addImm(b, 16).addImm(c, 16).addImm(out, 16);
  f.get(n).i32(1).sub().tee(n).brIf(0);
  f.end();
  return f;
}

export function probeModuleBytes(): Uint8Array<ArrayBuffer> {
  return moduleBytes({
    types: [5],
    functions: [{ type: 0, body: probeFunction() }],
    exportName: 'probe',
    exportIndex: 0,
    maxPages: 1,
    shared: false,
  });
}

/** What the engine computes for the probe's inputs (4 int32 per vector), or null where relaxed SIMD does not validate. */
export function runDotProbe(inputs: DotProbeInputs): Int32Array | null {
  const bytes = probeModuleBytes();
  if (!WebAssembly.validate(bytes)) return null;
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 1 });
  const { probe } = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { mem: memory } }).exports;
  if (typeof probe !== 'function') throw new Error('the relaxed-dot probe module lacks its export `probe`');
  const n = inputs.c.length / 4;
  const [aAt, bAt, cAt, outAt] = [0, n * 16, n * 32, n * 48];
  if (outAt + n * 16 > memory.buffer.byteLength) throw new Error(`the relaxed-dot probe's ${n} vectors do not fit one page`);
  new Int8Array(memory.buffer, aAt, n * 16).set(inputs.a);
  new Uint8Array(memory.buffer, bAt, n * 16).set(inputs.b);
  new Int32Array(memory.buffer, cAt, n * 4).set(inputs.c);
  probe(aAt, bAt, cAt, outAt, n);
  return Int32Array.from(new Int32Array(memory.buffer, outAt, n * 4));
}

let memo: RelaxedDotBehaviour | undefined;

/** This engine's reading of relaxed_dot outside its defined range (probed once per thread). */
export function relaxedDotBehaviour(): RelaxedDotBehaviour {
  if (memo === undefined) {
    const inputs = dotProbeInputs();
    const out = runDotProbe(inputs);
    memo = out === null ? 'none' : classifyRelaxedDot(inputs, out);
  }
  return memo;
}
