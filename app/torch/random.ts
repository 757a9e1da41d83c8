/**
 * torch.rand / torch.randn on the default generator, reproducing PyTorch 1.13's CPU kernels
 * (aten/src/ATen/native/cpu/DistributionKernels.cpp):
 * - rand: one draw per element, in order (float64 uses two 32-bit draws).
 * - randn with >= 16 elements: all uniforms first, then Box-Muller on blocks of 16 (8 pairs:
 *   element j and j+8); a ragged tail recomputes the last 16 elements from fresh uniforms.
 *   float32 uses the AVX2 kernel (avx_mathfun.h polynomials, see avx-mathfun.ts).
 * - randn with < 16 elements: scalar normal_distribution<double>, which caches the sine sample.
 */
import { type DType, type DTypeName, float16, float32, float64, bfloat16 } from './dtype.ts';
import { defaultGenerator, type Generator } from './generator.ts';
import { FUSED, UNFUSED, log256, sincos256, type MathfunOps } from './avx-mathfun.ts';
import { floatRounder } from './half.ts';

export type NormalKernel = 'avx2-fma' | 'avx2' | 'scalar';

/** Which float32 randn kernel to emulate; see CONTEXT.md (AVX2 with FMA matches the goldens). */
export const randomConfig: { float32NormalKernel: NormalKernel } = { float32NormalKernel: 'avx2-fma' };

function narrower(dtype: DType): (x: number) => number {
  const round = floatRounder(dtype);
  if (round === null) throw new TypeError(`expected a floating point dtype, got ${dtype}`);
  return round;
}

function uniformSampler(dtype: DType, gen: Generator): () => number {
  if (dtype === float64) return () => gen.uniformFloat64();
  if (dtype === float32) return () => gen.uniformFloat32();
  if (dtype === float16) return () => gen.uniformWithDigits(11);
  if (dtype === bfloat16) return () => gen.uniformWithDigits(8);
  throw new TypeError(`"check_uniform_bounds" not implemented for '${dtype.name}'`);
}

/** Values of torch.rand(n, dtype) (exactly representable in `dtype`). */
export function uniformValues(n: number, dtype: DType, gen: Generator = defaultGenerator): Float64Array {
  const draw = uniformSampler(dtype, gen);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = draw();
  return out;
}

/** Values of torch.randn(n, dtype), already rounded to `dtype`. */
export function normalValues(n: number, dtype: DType<DTypeName>, gen: Generator = defaultGenerator): Float64Array {
  const round = narrower(dtype);
  if (n < 16) {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = round(scalarNormal(gen));
    return out;
  }
  const draw = uniformSampler(dtype, gen);
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = draw();
  const fill16 = blockKernel(dtype);
  for (let i = 0; i + 16 <= n; i += 16) fill16(data, i);
  if (n % 16 !== 0) {
    for (let i = n - 16; i < n; i++) data[i] = draw();
    fill16(data, n - 16);
  }
  return data;
}

/** at::normal_distribution<double>: Box-Muller on two 53-bit uniforms, caching r*sin(theta). */
function scalarNormal(gen: Generator): number {
  const cached = gen.nextDoubleNormal;
  if (cached !== undefined) {
    gen.nextDoubleNormal = undefined;
    return cached;
  }
  const u1 = gen.uniformFloat64();
  const u2 = gen.uniformFloat64();
  const r = Math.sqrt(-2 * Math.log(1 - u2));
  const theta = 2 * Math.PI * u1;
  gen.nextDoubleNormal = r * Math.sin(theta);
  return r * Math.cos(theta);
}

type BlockKernel = (data: Float64Array, start: number) => void;

function blockKernel(dtype: DType): BlockKernel {
  if (dtype === float32 && randomConfig.float32NormalKernel !== 'scalar') {
    return (data, start) => avxBlock(data, start, randomConfig.float32NormalKernel === 'avx2-fma' ? FUSED : UNFUSED);
  }
  const round = narrower(dtype);
  // normal_fill_16<scalar_t>. float64 uses libm in double. Half arithmetic happens in float and
  // rounds only on assignment; c10::BFloat16 also has math overloads (log/sqrt/cos/sin) and
  // operators that return BFloat16, so with bfloat16 every step is rounded.
  const inner = dtype === float64 ? (x: number) => x : dtype === bfloat16 ? (x: number) => round(Math.fround(x)) : Math.fround;
  return (data, start) => {
    for (let j = 0; j < 8; j++) {
      const u1 = round(1 - data[start + j]!);
      const u2 = data[start + j + 8]!;
      const radius = round(inner(Math.sqrt(inner(-2 * inner(Math.log(u1))))));
      const theta = round(2 * Math.PI * u2);
      data[start + j] = round(inner(radius * inner(Math.cos(theta))));
      data[start + j + 8] = round(inner(radius * inner(Math.sin(theta))));
    }
  };
}

function avxBlock(data: Float64Array, start: number, ops: MathfunOps): void {
  const twoPi = Math.fround(2 * Math.PI);
  for (let j = 0; j < 8; j++) {
    const u1 = Math.fround(1 - data[start + j]!);
    const u2 = data[start + j + 8]!;
    const radius = Math.fround(Math.sqrt(Math.fround(-2 * log256(u1, ops))));
    const [sin, cos] = sincos256(Math.fround(twoPi * u2), ops);
    data[start + j] = Math.fround(radius * cos);
    data[start + j + 8] = Math.fround(radius * sin);
  }
}
