/**
 * MT19937 exactly as at::mt19937 (PyTorch's CPU generator engine): standard 32-bit Mersenne
 * Twister seeded with init_genrand on the low 32 bits of the seed.
 */

const N = 624;
const M = 397;

export class MT19937 {
  private readonly state = new Uint32Array(N);
  private index = N;

  constructor(seed: number | bigint = 5489) {
    this.seed(seed);
  }

  seed(seed: number | bigint): void {
    // PyTorch keeps a uint64 seed and feeds its low 32 bits to init_genrand.
    const low = Number(BigInt.asUintN(32, BigInt(seed)));
    const s = this.state;
    s[0] = low;
    for (let i = 1; i < N; i++) {
      const prev = s[i - 1]!;
      s[i] = Math.imul(1812433253, prev ^ (prev >>> 30)) + i;
    }
    this.index = N;
  }

  private twist(): void {
    const s = this.state;
    for (let i = 0; i < N; i++) {
      const y = (s[i]! & 0x80000000) | (s[(i + 1) % N]! & 0x7fffffff);
      s[i] = s[(i + M) % N]! ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
    }
    this.index = 0;
  }

  /** Next 32-bit output as an unsigned number. */
  nextUint32(): number {
    if (this.index >= N) this.twist();
    let y = this.state[this.index++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }
}
