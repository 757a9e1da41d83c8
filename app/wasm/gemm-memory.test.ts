// GemmMemory's weights region in Node: weights placed over an earlier run's scratch come back zeroed
// (a panel's pads must be 0), memory that grow() added is not rewritten (it is zero already), and
// validates() answers alike on every call.
import { describe, expect, it } from 'vitest';
import { DEFAULT_BLOCK } from './linear-f32.ts';
import { GemmMemory } from './gemm-memory.ts';

describe('GemmMemory weights', () => {
  for (const shared of [false, true])
    it(`${shared ? 'shared' : 'plain'} memory: weights over an earlier scratch are zero, in the old part and in the part grown for them`, () => {
      const memory = new GemmMemory({ shared });
      const start = memory.scratchStart;
      // a run's scratch: 200 KiB of garbage above the weights
      memory.ensure(start + 200 * 1024, 'test scratch');
      new Uint8Array(memory.buffer, start, 200 * 1024).fill(0xa5);
      const oldEnd = memory.bytes;
      // weights that cover the old scratch and reach past the memory's end (grown for them)
      const bytes = oldEnd - start + 300 * 1024;
      const at = memory.allocWeights(bytes, 'test weights');
      expect(at).toBe(start);
      expect(memory.bytes).toBeGreaterThanOrEqual(at + bytes);
      const region = new Uint8Array(memory.buffer, at, bytes);
      expect(region.findIndex((b) => b !== 0)).toBe(-1);
      expect(memory.scratchStart).toBeGreaterThanOrEqual(at + bytes);
    });

  it('validates() gives the same answer on every call (memoized per variant and block)', () => {
    const memory = new GemmMemory({ shared: false });
    const first = memory.validates('f32-plain', DEFAULT_BLOCK);
    expect(first).toBe(true); // SIMD128: Node 20 validates it
    for (let i = 0; i < 3; i++) expect(memory.validates('f32-plain', DEFAULT_BLOCK)).toBe(first);
    expect(memory.validates('f32-relaxed', DEFAULT_BLOCK)).toBe(memory.validates('f32-relaxed', DEFAULT_BLOCK));
  });
});
