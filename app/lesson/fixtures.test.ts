// Golden fixtures: fixtures/NAME.md parses to fixtures/NAME.json, and every
// well-formed fixture serialises back to itself byte for byte.
// Regenerate the .json files after an intended change with
//   UPDATE_LESSON_FIXTURES=1 npx vitest run app/lesson/fixtures.test.ts
// and review the diff before committing.
import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { parseLesson } from './parse-lesson.ts';
import { serializeLesson } from './serialize.ts';

const dir = fileURLToPath(new URL('./fixtures/', import.meta.url));
const names = readdirSync(dir)
  .filter((f) => f.endsWith('.md'))
  .map((f) => f.slice(0, -3))
  .sort();
const update = process.env['UPDATE_LESSON_FIXTURES'] === '1';

describe('golden lesson fixtures', () => {
  test('there are fixtures for both good and broken lessons', () => {
    expect(names.filter((n) => n.startsWith('error-')).length).toBeGreaterThanOrEqual(5);
    expect(names.filter((n) => !n.startsWith('error-')).length).toBeGreaterThanOrEqual(3);
  });

  for (const name of names) {
    test(`${name}.md parses to ${name}.json`, () => {
      const text = readFileSync(`${dir}${name}.md`, 'utf8');
      const result = parseLesson(text, `lessons/${name}.md`);
      const json = `${JSON.stringify(result, null, 2)}\n`;
      const golden = `${dir}${name}.json`;
      if (update) writeFileSync(golden, json);
      expect(existsSync(golden), `${name}.json is missing: run with UPDATE_LESSON_FIXTURES=1`).toBe(true);
      expect(json).toBe(readFileSync(golden, 'utf8'));
      expect(result.ok).toBe(!name.startsWith('error-'));
    });

    if (!name.startsWith('error-')) {
      test(`${name}.md round-trips through serializeLesson exactly`, () => {
        const text = readFileSync(`${dir}${name}.md`, 'utf8');
        const result = parseLesson(text, `lessons/${name}.md`);
        if (!result.ok) throw new Error(JSON.stringify(result.errors));
        expect(serializeLesson(result.lesson)).toBe(text);
      });
    }
  }
});
