import { describe, expect, test } from 'vitest';
import { fnv1a64 } from './hash.ts';

/** FNV-1a 64 with BigInt, straight from the definition. */
function reference(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= BigInt(byte);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, '0');
}

describe('fnv1a64', () => {
  test('matches the published FNV-1a 64 test vectors', () => {
    expect(fnv1a64('')).toBe('cbf29ce484222325');
    expect(fnv1a64('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64('foobar')).toBe('85944171f73967e8');
  });

  test('hashes UTF-8 bytes and agrees with a BigInt reference', () => {
    for (const text of ['é', '𝔽 bfloat16 ✓', 'x'.repeat(1000), '---\ntitle: T\n---\n\r\n']) {
      expect(fnv1a64(text)).toBe(reference(text));
    }
  });
});
