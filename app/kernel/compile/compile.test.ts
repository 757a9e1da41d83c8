// Golden tests for compileCell: fixtures/compile/NAME.ts is the input, NAME.json the expected
// declarations/references (or error), and NAME.compiled.js the compiled body as plain text, so
// a change to the compiler is reviewed as a readable diff of code, not of an escaped JSON string.
// Regenerate after an intended change with:
//   UPDATE_COMPILE_FIXTURES=1 npx vitest run app/kernel/compile/compile.test.ts
// and review the diff.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileCell, isCompileError } from './compile.ts';
import { AsyncFunction } from '../runtime/error-location.ts';
import { CELL_PARAMETERS } from '../runtime/executor.ts';

const fixtures = join(import.meta.dirname, 'fixtures', 'compile');
const update = process.env['UPDATE_COMPILE_FIXTURES'] === '1';
const names = readdirSync(fixtures)
  .filter((file) => file.endsWith('.ts'))
  .map((file) => file.slice(0, -3))
  .sort();

interface Golden {
  readonly json: unknown;
  readonly body: string | null;
}

function golden(source: string): Golden {
  const result = compileCell(source);
  if (isCompileError(result)) return { json: { error: { message: result.message, line: result.line, column: result.column } }, body: null };
  const { declarations, references, hasResult, body } = result;
  return { json: { declarations, references, hasResult }, body };
}

describe('compileCell golden files', () => {
  it('has fixtures', () => expect(names.length).toBeGreaterThan(20));

  for (const name of names) {
    it(name, () => {
      const source = readFileSync(join(fixtures, `${name}.ts`), 'utf8');
      const expectedPath = join(fixtures, `${name}.json`);
      const bodyPath = join(fixtures, `${name}.compiled.js`);
      const actual = golden(source);
      if (update) {
        writeFileSync(expectedPath, JSON.stringify(actual.json, null, 2) + '\n');
        if (actual.body === null) rmSync(bodyPath, { force: true });
        else writeFileSync(bodyPath, actual.body);
      }
      if (!existsSync(expectedPath)) throw new Error(`Missing ${name}.json; run with UPDATE_COMPILE_FIXTURES=1`);
      expect(actual.json).toEqual(JSON.parse(readFileSync(expectedPath, 'utf8')));
      // An error fixture has no body file; a compiled one must match its body file byte for byte.
      expect(existsSync(bodyPath) ? readFileSync(bodyPath, 'utf8') : null).toBe(actual.body);
    });
  }
});

describe('compileCell invariants', () => {
  for (const name of names) {
    const source = readFileSync(join(fixtures, `${name}.ts`), 'utf8');
    const result = compileCell(source);
    if (isCompileError(result)) continue;
    it(`${name}: keeps every line where it was and compiles as a function body`, () => {
      expect(result.body.split('\n').length).toBe(source.split('\n').length);
      expect(() => new AsyncFunction(...CELL_PARAMETERS, result.body)).not.toThrow();
    });
  }

  it('maps body positions back through rewriting and stripped types', () => {
    const source = 'const a: number = 1;\nconst b: string = "x"; missing(a, b)';
    const result = compileCell(source);
    if (isCompileError(result)) throw new Error(result.message);
    const bodyLine2 = result.body.split('\n')[1]!;
    const column = bodyLine2.indexOf('__scope.missing');
    expect(result.toSourcePosition(2, column)).toEqual({ line: 2, column: source.split('\n')[1]!.indexOf('missing') });
    // Inside the rewritten identifier, positions map to its start.
    expect(result.toSourcePosition(2, column + 3).column).toBe(source.split('\n')[1]!.indexOf('missing'));
    // The prologue maps to the start of the cell.
    expect(result.toSourcePosition(1, 0)).toEqual({ line: 1, column: 0 });
  });

  it('reports syntax errors at 1-based line and column of the TypeScript source', () => {
    expect(compileCell('let ok = 1;\nlet x: number = ;')).toMatchObject({ line: 2, column: 17 });
    expect(compileCell('let a: string = "";\nlet a: number = 1;')).toMatchObject({
      message: "Identifier 'a' has already been declared",
      line: 2,
      column: 5,
    });
  });

  it('reads globals directly unless an earlier cell declared the name', () => {
    const direct = compileCell('Math.max(1)');
    const shadowed = compileCell('Math.max(1)', { sharedNames: new Set(['Math']) });
    if (isCompileError(direct) || isCompileError(shadowed)) throw new Error('unexpected');
    expect(direct.body).toContain('return (Math.max(1))');
    expect(shadowed.body).toContain('return (__scope.Math.max(1))');
  });

  it('does not report type errors', () => {
    expect(isCompileError(compileCell('const n: number = "not a number";'))).toBe(false);
  });
});
