/**
 * PyTorch's default CPU generator (CPUGeneratorImpl): an mt19937 engine plus the cached second
 * Box-Muller sample of the scalar normal path. One global instance, like torch's default.
 */
import { MT19937 } from './mt19937.ts';
import { notSupported } from './errors.ts';

/** c10's default_rng_seed_val: the seed of every new torch.Generator(). */
const DEFAULT_SEED = 67280421310721n;

/**
 * Like PyTorch (getNonDeterministicRandom), an unseeded process starts from a random seed;
 * only manual_seed makes streams reproducible.
 */
function nondeterministicSeed(): bigint {
  const words = crypto.getRandomValues(new Uint32Array(2));
  return (BigInt(words[0]!) << 32n) | BigInt(words[1]!);
}

export class Generator {
  private engine = new MT19937();
  private seedValue = 0n;
  /** Cached sample from normal_distribution<double> (reset by manual_seed, as in PyTorch). */
  nextDoubleNormal: number | undefined;

  /**
   * `torch.Generator()` / `torch.Generator('cpu')` / `torch.Generator({ device: 'cpu' })`: a new
   * generator starts from PyTorch's fixed default seed 67280421310721 (default_rng_seed_val).
   */
  constructor(device: unknown = 'cpu') {
    const name: unknown = typeof device === 'object' && device !== null && 'device' in device ? device.device : device;
    if (name !== 'cpu')
      throw notSupported('torch.Generator(device)', `device ${typeof name === 'string' ? `'${name}'` : String(name)} (only 'cpu')`);
    this.manual_seed(DEFAULT_SEED);
  }

  /** The process-wide default generator: seeded nondeterministically, as PyTorch does at start-up. */
  static seededNondeterministically(): Generator {
    return new Generator().manual_seed(nondeterministicSeed());
  }

  manual_seed(seed: number | bigint): this {
    if (typeof seed === 'number' && !Number.isInteger(seed)) {
      throw new TypeError(`manual_seed expected an integer seed, got ${seed}`);
    }
    // Python ints are reduced to uint64 (negative seeds wrap), the engine uses the low 32 bits.
    this.seedValue = BigInt.asUintN(64, BigInt(seed));
    this.engine = new MT19937(this.seedValue);
    this.nextDoubleNormal = undefined;
    return this;
  }

  initial_seed(): bigint {
    return this.seedValue;
  }

  /** 32 random bits (CPUGeneratorImpl::random). */
  random(): number {
    return this.engine.nextUint32();
  }

  /** Uniform float32 in [0, 1): 24 random bits. */
  uniformFloat32(): number {
    return (this.engine.nextUint32() & 0xffffff) * 2 ** -24;
  }

  /** Uniform double in [0, 1): low 53 bits of random64(), whose first draw is the high word. */
  uniformFloat64(): number {
    const hi = this.engine.nextUint32();
    const lo = this.engine.nextUint32();
    return ((hi & 0x1fffff) * 2 ** 32 + lo) * 2 ** -53;
  }

  /** uniform_real_distribution<T> for 16-bit floats: `digits` mantissa bits of one 32-bit draw. */
  uniformWithDigits(digits: number): number {
    return (this.engine.nextUint32() & ((1 << digits) - 1)) * 2 ** -digits;
  }
}

export const defaultGenerator = Generator.seededNondeterministically();
