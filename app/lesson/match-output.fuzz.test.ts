// Seeded fuzz: matchOutput's linear-time matcher against an obviously
// correct exponential reference, on small random inputs. The seed is in the
// test name so a failure can be replayed exactly.
import { describe, expect, test } from 'vitest';
import { seededRandom } from '../shared/seeded-random.ts';
import { matchOutput, normalizeOutput } from './match-output.ts';

const rng = seededRandom;

/** Straight from the definition: `...` consumes 0..n lines, tried in every way. */
function reference(expected: readonly string[], actual: readonly string[]): boolean {
  const go = (e: number, a: number): boolean => {
    if (e === expected.length) return a === actual.length;
    if (expected[e] === '...') {
      for (let k = a; k <= actual.length; k++) if (go(e + 1, k)) return true;
      return false;
    }
    return a < actual.length && expected[e] === actual[a] && go(e + 1, a + 1);
  };
  return go(0, 0);
}

const EXPECTED_WORDS = ['a', 'b', 'a ', '', '...', '...', '... '];
const ACTUAL_WORDS = ['a', 'b', 'a\t', '', '...', 'c'];

function randomText(random: () => number, words: readonly string[], maxLines: number): string {
  const n = Math.floor(random() * (maxLines + 1));
  const lines = Array.from({ length: n }, () => words[Math.floor(random() * words.length)] ?? '');
  return lines.join(random() < 0.2 ? '\r\n' : '\n') + (random() < 0.3 ? '\n' : '');
}

describe('matchOutput agrees with a brute-force reference', () => {
  for (const seed of [1, 42, 2024, 31337, 987654321]) {
    test(`seed ${seed}: 2,000 random expected/actual pairs`, () => {
      const random = rng(seed);
      for (let i = 0; i < 2000; i++) {
        const expected = randomText(random, EXPECTED_WORDS, 7);
        const actual = randomText(random, ACTUAL_WORDS, 8);
        const want = reference(normalizeOutput(expected), normalizeOutput(actual));
        const got = matchOutput(expected, actual);
        if (got.ok !== want) {
          throw new Error(
            `seed ${seed} case ${i}: expected ${JSON.stringify(expected)} actual ${JSON.stringify(actual)}: got ${got.ok}, want ${want}`,
          );
        }
        // A mismatch always explains itself with at least one changed line.
        if (!got.ok) expect(got.diff).toMatch(/^[-+] /m);
      }
    });
  }
});
