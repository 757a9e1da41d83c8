// FNV-1a 64-bit over the UTF-8 bytes of a text, as 16 lowercase hex digits.
// Chosen because it is synchronous, tiny, stable across browsers and Node, and
// matches any standard FNV-1a-64 of the file's bytes (e.g. in a build script).
// Not cryptographic: it identifies a lesson version (cache keys, saved edits).

const PRIME_LOW = 0x1b3; // the 64-bit prime is 2^40 + 0x1b3

export function fnv1a64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  // The 64-bit state is kept as two unsigned 32-bit halves so no BigInt is
  // needed; offset basis 0xcbf29ce484222325.
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  for (const byte of bytes) {
    lo ^= byte;
    // h * (2^40 + 0x1b3) mod 2^64 = h * 0x1b3 + (h << 40)
    const product = (lo >>> 0) * PRIME_LOW; // < 2^41: exact in a double
    const carry = Math.floor(product / 0x1_0000_0000);
    hi = (Math.imul(hi, PRIME_LOW) + carry + (lo << 8)) >>> 0;
    lo = product >>> 0;
  }
  return hi.toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
}
