import { describe, expect, it } from 'vitest';
import { formatPrintArg, formatResult, pythonQuote } from './format-value.ts';

class Tensorish {
  toString(): string {
    return 'tensor([1., 2.])';
  }
}
class Derived extends Tensorish {}
class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
}

describe('formatResult', () => {
  it.each<[string, unknown, string]>([
    ['string', 'abc', "'abc'"],
    ['empty string', '', "''"],
    ['string with single quote', "it's", '"it\'s"'],
    ['string with both quotes', 'it\'s "x"', "'it\\'s \"x\"'"],
    ['string with double quote only', 'say "hi"', '\'say "hi"\''],
    ['escapes', 'a\nb\tc\\d\re\x01\x7f', "'a\\nb\\tc\\\\d\\re\\x01\\x7f'"],
    ['unicode kept', 'héllo ✓', "'héllo ✓'"],
    ['integer', 42, '42'],
    ['float', 0.1 + 0.2, '0.30000000000000004'],
    ['negative zero', -0, '-0'],
    ['large number', 1e21, '1e+21'],
    ['NaN', NaN, 'NaN'],
    ['Infinity', -Infinity, '-Infinity'],
    ['bigint', 123n, '123n'],
    ['negative bigint', -5n, '-5n'],
    ['true', true, 'true'],
    ['false', false, 'false'],
    ['null', null, 'null'],
    ['undefined', undefined, 'undefined'],
    ['symbol', Symbol('s'), 'Symbol(s)'],
    ['named function', function named() {}, '[Function named]'],
    ['anonymous function', (() => () => {})(), '[Function (anonymous)]'],
    ['class', Point, '[class Point]'],
    ['empty array', [], '[]'],
    ['array', [1, 2, 3], '[1, 2, 3]'],
    [
      'nested array',
      [
        [1, 2],
        [3, ['a']],
      ],
      "[[1, 2], [3, ['a']]]",
    ],
    ['array with holes', [1, , , 4], '[1, <2 empty items>, 4]'], // eslint-disable-line no-sparse-arrays
    ['array with one hole', [, 1], '[<1 empty item>, 1]'], // eslint-disable-line no-sparse-arrays
    ['array with undefined and null', [undefined, null], '[undefined, null]'],
    ['empty object', {}, '{}'],
    ['object', { a: 1, b: 'x' }, "{ a: 1, b: 'x' }"],
    ['nested object', { a: { b: [1, { c: true }] } }, '{ a: { b: [1, { c: true }] } }'],
    ['quoted keys', { 'a-b': 1, $ok: 2, _x: 3, '1a': 4, 7: 5 }, "{ '7': 5, 'a-b': 1, $ok: 2, _x: 3, '1a': 4 }"],
    ['symbol key', { [Symbol('k')]: 1 }, '{ [Symbol(k)]: 1 }'],
    ['null prototype', Object.assign(Object.create(null), { a: 1 }), '{ a: 1 }'],
    ['class instance', new Point(1, 2), 'Point { x: 1, y: 2 }'],
    [
      'empty class instance',
      new (class Empty {
        method(): void {}
      })(),
      'Empty {}',
    ],
    ['own toString', new Tensorish(), 'tensor([1., 2.])'],
    ['inherited toString', new Derived(), 'tensor([1., 2.])'],
    ['toString on a plain object', { toString: () => 'custom' }, 'custom'],
    ['toString inside array', [new Tensorish(), 1], '[tensor([1., 2.]), 1]'],
    ['toString inside object', { t: new Tensorish() }, '{ t: tensor([1., 2.]) }'],
    ['Error', new Error('boom'), 'Error: boom'],
    ['TypeError', new TypeError('x is not a function'), 'TypeError: x is not a function'],
    ['RangeError', new RangeError('out'), 'RangeError: out'],
    ['error in array', [new Error('e')], '[Error: e]'],
    ['Float32Array', new Float32Array([1, 2.5, 3]), 'Float32Array(3) [1, 2.5, 3]'],
    ['Uint8Array empty', new Uint8Array(0), 'Uint8Array(0) []'],
    ['BigInt64Array', new BigInt64Array([1n, -2n]), 'BigInt64Array(2) [1n, -2n]'],
    ['Float64Array negative zero', new Float64Array([-0]), 'Float64Array(1) [-0]'],
    [
      'Map',
      new Map<unknown, unknown>([
        ['a', 1],
        [2, { b: 'c' }],
      ]),
      "Map(2) { 'a' => 1, 2 => { b: 'c' } }",
    ],
    ['empty Map', new Map(), 'Map(0) {}'],
    ['Set', new Set([1, 'two']), "Set(2) { 1, 'two' }"],
    ['empty Set', new Set(), 'Set(0) {}'],
    ['Date', new Date(Date.UTC(2024, 0, 2, 3, 4, 5)), '2024-01-02T03:04:05.000Z'],
    ['invalid Date', new Date(NaN), 'Invalid Date'],
    ['RegExp', /a+b/gi, '/a+b/gi'],
    ['Promise', Promise.resolve(1), 'Promise {}'],
    ['WeakMap', new WeakMap(), 'WeakMap { <items unknown> }'],
    ['ArrayBuffer', new ArrayBuffer(8), 'ArrayBuffer { byteLength: 8 }'],
    ['DataView', new DataView(new ArrayBuffer(4)), 'DataView { byteLength: 4 }'],
    ['getter', Object.defineProperty({}, 'g', { get: () => 1, enumerable: true }), '{ g: [Getter] }'],
    ['getter and setter', Object.defineProperty({}, 'gs', { get: () => 1, set: () => {}, enumerable: true }), '{ gs: [Getter/Setter] }'],
    ['non-enumerable hidden', Object.defineProperty({ a: 1 }, 'hidden', { value: 2 }), '{ a: 1 }'],
    ['function in object', { f() {} }, '{ f: [Function f] }'],
  ])('%s', (_name, value, expected) => {
    expect(formatResult(value)).toBe(expected);
  });

  it('marks cycles as [Circular] but repeats shared references', () => {
    const cyclic: { name: string; self?: unknown; list: unknown[] } = { name: 'a', list: [] };
    cyclic.self = cyclic;
    cyclic.list.push(cyclic);
    expect(formatResult(cyclic)).toBe("{ name: 'a', list: [[Circular]], self: [Circular] }");
    const shared = [1];
    expect(formatResult([shared, shared])).toBe('[[1], [1]]');
    const map = new Map<string, unknown>();
    map.set('me', map);
    expect(formatResult(map)).toBe("Map(1) { 'me' => [Circular] }");
  });

  it('truncates long arrays, typed arrays, maps and sets after 100 items', () => {
    const numbers = Array.from({ length: 250 }, (_, i) => i);
    const shown = numbers.slice(0, 100).join(', ');
    expect(formatResult(numbers)).toBe(`[${shown}, ... 150 more items]`);
    expect(formatResult(numbers.slice(0, 101))).toBe(`[${shown}, ... 1 more item]`);
    expect(formatResult(numbers.slice(0, 100))).toBe(`[${shown}]`);
    expect(formatResult(new Int32Array(numbers))).toBe(`Int32Array(250) [${shown}, ... 150 more items]`);
    expect(formatResult(new Set(numbers))).toBe(`Set(250) { ${shown}, ... 150 more items }`);
  });

  it('stops at a very deep nesting instead of overflowing the stack', () => {
    let deep: unknown = 0;
    for (let i = 0; i < 10_000; i++) deep = [deep];
    expect(formatResult(deep)).toContain('[Array]');
  });

  it('lets the error of a toString that throws propagate, never printing the raw object instead', () => {
    const broken = {
      a: 1,
      toString(): string {
        throw new RangeError('Invalid array length');
      },
    };
    expect(() => formatResult(broken)).toThrow(new RangeError('Invalid array length'));
    expect(() => formatResult([1, { t: broken }])).toThrow(RangeError);
  });
});

describe('formatPrintArg', () => {
  it('prints strings raw, including quotes and newlines', () => {
    expect(formatPrintArg('it\'s "x"\nnext')).toBe('it\'s "x"\nnext');
    expect(formatPrintArg('')).toBe('');
  });

  it('formats everything else as a result, with strings quoted inside structures', () => {
    expect(formatPrintArg(['a', 1])).toBe("['a', 1]");
    expect(formatPrintArg({ s: 'x' })).toBe("{ s: 'x' }");
    expect(formatPrintArg(-0)).toBe('-0');
    expect(formatPrintArg(5n)).toBe('5n');
    expect(formatPrintArg(undefined)).toBe('undefined');
    expect(formatPrintArg(new Tensorish())).toBe('tensor([1., 2.])');
    expect(formatPrintArg(new Error('m'))).toBe('Error: m');
  });
});

describe('pythonQuote', () => {
  it('matches Python repr() for common strings', () => {
    expect(pythonQuote('abc')).toBe("'abc'");
    expect(pythonQuote("'")).toBe('"\'"');
    expect(pythonQuote('"')).toBe("'\"'");
    expect(pythonQuote('\'"')).toBe("'\\'\"'");
    expect(pythonQuote('\\')).toBe("'\\\\'");
    expect(pythonQuote('\0')).toBe("'\\x00'");
  });
});
