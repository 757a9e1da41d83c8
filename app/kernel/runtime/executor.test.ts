import { beforeEach, describe, expect, it } from 'vitest';
import { createTestKernel, type TestKernel } from './test-kernel.ts';

let kernel: TestKernel;
beforeEach(async () => {
  kernel = await createTestKernel();
});
const run = (source: string) => kernel.run(source);

describe('shared scope', () => {
  it('makes top-level declarations visible to later cells', async () => {
    await run('const x = 1;\nlet y = 2;\nvar z = 3;\nfunction f() { return 4; }\nclass C { v = 5 }');
    expect((await run('[x, y, z, f(), new C().v]')).text).toBe('[1, 2, 3, 4, 5]');
  });

  it('redefines a const when a cell runs again', async () => {
    expect((await run('const x = 1; x')).text).toBe('1');
    const again = await run('const x = 2; x');
    expect(again.ok).toBe(true);
    expect(again.text).toBe('2');
  });

  it('shares mutable bindings, not copies', async () => {
    await run('let counter = 0;\nfunction increment() { counter++ }');
    await run('increment(); increment();');
    expect((await run('counter')).text).toBe('2');
    await run('counter = 10');
    await run('increment()');
    expect((await run('counter')).text).toBe('11');
  });

  it('lets functions from earlier cells see later redefinitions', async () => {
    await run('const base = 1;\nconst plusBase = (n: number) => n + base;');
    await run('const base = 100;');
    expect((await run('plusBase(1)')).text).toBe('101');
  });

  it('shares destructured names, classes that extend earlier classes, and hoisted functions', async () => {
    await run('const { a, b: [c, d = 4], ...rest } = { a: 1, b: [3], e: 5, f: 6 };');
    expect((await run('print(a, c, d, rest)')).text).toBe('1 3 4 { e: 5, f: 6 }');
    await run('class Animal { speak() { return "..." } }');
    await run('class Dog extends Animal { override speak() { return "woof" } }');
    expect((await run('new Dog().speak()')).text).toBe("'woof'");
    expect((await run('print(early());\nfunction early() { return "hoisted" }')).text).toBe('hoisted');
  });

  it('keeps var values when re-declared without an initialiser, and hoists var', async () => {
    await run('var v = 1;');
    expect((await run('var v;\nv')).text).toBe('1');
    expect((await run('print(later);\nvar later = 2;\nlater')).text).toBe('undefined\n2');
  });

  it('names anonymous functions and classes after their declaration', async () => {
    expect((await run('const f = () => 1;\nf')).text).toBe('[Function f]');
    expect((await run('const K = class {};\nK')).text).toBe('[class K]');
  });

  it('rejects assignment to a constant, as JavaScript does', async () => {
    await run('const fixed = 1;');
    const result = await run('fixed = 2;');
    expect(result.ok).toBe(false);
    expect(result.outputs).toEqual([{ kind: 'error', name: 'TypeError', message: 'Assignment to constant variable.', line: 1, column: 7 }]);
  });

  it('lets a cell shadow a built-in', async () => {
    await run('const print = (s: string) => display.markdown(s);');
    expect((await run('print("**bold**")')).outputs).toEqual([{ kind: 'markdown', markdown: '**bold**' }]);
  });

  it('lets a later cell shadow a global that earlier compiled cells read directly', async () => {
    await run('const Math = { max: () => "mine" };');
    expect((await run('Math.max()')).text).toBe("'mine'");
  });

  it('does not define anything when a cell has a syntax error', async () => {
    const result = await run('const ok = 1;\nconst bad = ;');
    expect(result.ok).toBe(false);
    expect(result.outputs).toEqual([{ kind: 'error', name: 'SyntaxError', message: 'Unexpected token', line: 2, column: 13 }]);
    expect(kernel.scope.declaredNames()).toEqual([]);
  });
});

describe('await and modules', () => {
  it('supports top-level await', async () => {
    const result = await run('await sleep(5);\nconst v = await Promise.resolve(42);\nv');
    expect(result.text).toBe('42');
  });

  it('maps built-in module names and rejects unknown or cross-origin modules clearly', async () => {
    expect((await run('import demo, { answer } from "demo";\nimport * as all from "demo";\n[demo, answer, all.answer]')).text).toBe(
      "['demo default', 42, 42]",
    );
    const unknown = await run('import _ from "lodash";');
    expect(unknown.outputs[0]).toMatchObject({ kind: 'error', message: expect.stringContaining('Unknown module "lodash"'), line: 1 });
    const foreign = await run('await import("https://evil.example/x.js")');
    expect(foreign.outputs[0]).toMatchObject({ kind: 'error', message: expect.stringContaining('only modules from this site') });
  });
});

describe('errors', () => {
  it('reports a runtime error with its line and column in the cell', async () => {
    const result = await run('const a: number = 1;\nprint("before");\nconst b: { c: number } | null = null;\nb!.c');
    expect(result.ok).toBe(false);
    expect(result.outputs).toEqual([
      { kind: 'text', stream: 'stdout', text: 'before' },
      { kind: 'error', name: 'TypeError', message: "Cannot read properties of null (reading 'c')", line: 4, column: 4 },
    ]);
  });

  it("reports where in this cell an error thrown by an earlier cell's function surfaced", async () => {
    await run('function boom(): never {\n  throw new RangeError("too big");\n}');
    const result = await run('print(1);\n  boom();');
    expect(result.outputs.at(-1)).toEqual({ kind: 'error', name: 'RangeError', message: 'too big', line: 2, column: 3 });
  });

  it('reports the throw site when the throwing function is in the same cell', async () => {
    const result = await run('function inner() {\n  throw new Error("deep");\n}\ninner();');
    expect(result.outputs).toEqual([{ kind: 'error', name: 'Error', message: 'deep', line: 2, column: 9 }]);
  });

  it('reports unknown names as ReferenceError', async () => {
    expect((await run('\n  missingName + 1')).outputs).toEqual([
      { kind: 'error', name: 'ReferenceError', message: 'missingName is not defined', line: 2, column: 3 },
    ]);
  });

  it('reports rejected promises and thrown non-errors', async () => {
    expect((await run('await Promise.reject(new TypeError("nope"))')).outputs[0]).toMatchObject({ name: 'TypeError', message: 'nope' });
    expect((await run('throw "just a string"')).outputs).toEqual([{ kind: 'error', name: 'Uncaught', message: "'just a string'" }]);
  });

  it('quotes the failing expression as the student wrote it, without the scope prefix', async () => {
    await run('const q = 127');
    expect((await run('q.toFixed(2).push(1)')).outputs[0]).toMatchObject({
      name: 'TypeError',
      message: 'q.toFixed(...).push is not a function',
    });
  });

  it('keeps the scope usable after an error', async () => {
    await run('const kept = 1;\nthrow new Error("x");');
    expect((await run('kept')).text).toBe('1');
  });
});

describe('printing and results', () => {
  it('prints one line per call, arguments joined by spaces, strings raw', async () => {
    const result = await run('print("a", 1, "b c", [1, "x"], { k: "v" });\nconsole.log("two\\nlines");\nprint();');
    expect(result.text).toBe("a 1 b c [1, 'x'] { k: 'v' }\ntwo\nlines\n");
    expect(result.outputs).toHaveLength(3);
  });

  it('sends console.warn and console.error to stderr', async () => {
    const result = await run('console.warn("careful", 1);\nconsole.error(new RangeError("bad"));\nconsole.info("fine")');
    expect(result.outputs).toEqual([
      { kind: 'text', stream: 'stderr', text: 'careful 1' },
      { kind: 'text', stream: 'stderr', text: 'RangeError: bad' },
      { kind: 'text', stream: 'stdout', text: 'fine' },
    ]);
  });

  it.each([
    ['1 + 1', '2'],
    ['"abc"', "'abc'"],
    ['"it\'s"', '"it\'s"'],
    ['-0', '-0'],
    ['10n ** 3n', '1000n'],
    ['null', 'null'],
    ['[1, [2, 3]]', '[1, [2, 3]]'],
    ['let t = 0\nt = 5', '5'],
    ['new Error("boom")', 'Error: boom'],
  ])('shows the last expression %s as %s', async (source, expected) => {
    const result = await run(source);
    expect(result.outputs).toEqual([{ kind: 'result', text: expected }]);
  });

  it.each([['undefined'], ['print("x")'], ['const v = 1'], ['if (true) { 1 }'], ['1;\nlet after = 2;'], ['function f() { return 1 }']])(
    'shows no result for %s',
    async (source) => {
      const result = await run(source);
      expect(result.outputs.filter((output) => output.kind === 'result')).toEqual([]);
    },
  );
});

describe('output limits', () => {
  it('truncates after the line limit, keeps running, batches messages', async () => {
    const result = await run('for (let i = 0; i < 25000; i++) print(i);\nconst finished = true;\nfinished');
    const texts = result.outputs.filter((output) => output.kind === 'text');
    expect(texts).toHaveLength(10_000);
    expect(texts.at(-1)).toMatchObject({ text: '9999' });
    expect(result.outputs.at(-2)).toEqual({
      kind: 'notice',
      text: 'Output truncated after 10,000 lines (the limit for one cell). The cell keeps running; its further text output is not shown.',
    });
    expect(result.outputs.at(-1)).toEqual({ kind: 'result', text: 'true' });
    expect(result.batches).toBeLessThan(100);
  });

  it('truncates after the character limit', async () => {
    const small = await createTestKernel({ limits: { maxChars: 25 } });
    const result = await small.run('print("0123456789");\nprint("0123456789");\nprint("0123456789");\nprint("never");');
    expect(result.outputs.map((output) => (output.kind === 'text' ? output.text : output.kind))).toEqual([
      '0123456789',
      '0123456789',
      '01234',
      'notice',
    ]);
  });

  it('counts newlines inside one print against the line limit', async () => {
    const small = await createTestKernel({ limits: { maxLines: 3 } });
    const result = await small.run('print("a\\nb");\nprint("c\\nd");');
    expect(result.outputs.map((output) => (output.kind === 'text' ? output.text : output.kind))).toEqual(['a\nb', 'c', 'notice']);
  });
});

describe('display', () => {
  it('shows arrays of plain objects as tables and other values as text', async () => {
    const result = await run('display([{ a: 1, b: "x" }, { b: "y", c: [1] }]);\ndisplay(42);');
    expect(result.outputs).toEqual([
      {
        kind: 'table',
        columns: ['a', 'b', 'c'],
        rows: [
          ['1', 'x', ''],
          ['', 'y', '[1]'],
        ],
      },
      { kind: 'text', stream: 'stdout', text: '42' },
    ]);
  });

  it('shows markdown, data-URL images and ImageData in order', async () => {
    const result = await run(
      [
        'display.markdown("# Title");',
        'display({ width: 1, height: 1, data: new Uint8ClampedArray([255, 0, 0, 255]) });',
        'display("data:image/png;base64,AAAA");',
        'print("after");',
      ].join('\n'),
    );
    expect(result.outputs.map((output) => output.kind)).toEqual(['markdown', 'image', 'image', 'text']);
    expect(result.outputs[1]).toMatchObject({
      kind: 'image',
      width: 1,
      height: 1,
      src: expect.stringMatching(/^data:image\/png;base64,iVBORw0KGgo/),
    });
  });
});

describe('globals', () => {
  it('calls host functions with the global object as `this`', async () => {
    const result = await run(
      'await new Promise((resolve) => setTimeout(resolve, 1));\nqueueMicrotask(() => {});\nstructuredClone({ a: 1 })',
    );
    expect(result.outputs).toEqual([{ kind: 'result', text: '{ a: 1 }' }]);
    expect((await run('setTimeout === setTimeout')).text).toBe('true');
    expect((await run('new URL("http://x/").host')).text).toBe("'x'");
  });
});
