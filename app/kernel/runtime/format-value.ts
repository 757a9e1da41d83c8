// How values become text: the exact characters lesson checks compare.
//   formatPrintArg: one argument of print()/console.log() — strings raw.
//   formatResult:   a cell's last-expression value — strings Python-quoted.
// Rules (see CONTEXT.md): objects that define their own toString (a tensor)
// print through it; arrays/objects print as compact JSON-like text.

const MAX_ITEMS = 100;
const MAX_DEPTH = 32;

export function formatPrintArg(value: unknown): string {
  return typeof value === 'string' ? value : formatResult(value);
}

/**
 * `maxChars`: a string result is quoted only that far (the output limit cuts
 * the rest anyway), so a 50 MB string is not escaped character by character.
 */
export function formatResult(value: unknown, maxChars = Infinity): string {
  return typeof value === 'string' ? pythonQuote(value, maxChars) : formatNested(value, [], 0);
}

/** Python's repr() of a string: 'abc', or "it's" when that avoids escaping; stops once past `maxChars`. */
export function pythonQuote(text: string, maxChars = Infinity): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const char of text) {
    if (out.length > maxChars) break;
    const code = char.codePointAt(0)!;
    if (char === quote || char === '\\') out += '\\' + char;
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += '\\x' + code.toString(16).padStart(2, '0');
    else out += char;
  }
  return out + quote;
}

export function formatNumber(value: number): string {
  return Object.is(value, -0) ? '-0' : String(value);
}

function formatNested(value: unknown, ancestors: object[], depth: number): string {
  switch (typeof value) {
    case 'string':
      return pythonQuote(value);
    case 'number':
      return formatNumber(value);
    case 'bigint':
      return `${value}n`;
    case 'boolean':
      return String(value);
    case 'undefined':
      return 'undefined';
    case 'symbol':
      return value.toString();
    case 'function':
      return formatFunction(value);
    case 'object':
      if (value === null) return 'null';
      if (ancestors.includes(value)) return '[Circular]';
      return formatObject(value, [...ancestors, value], depth + 1);
  }
}

function formatFunction(fn: { readonly name: string }): string {
  const source = Function.prototype.toString.call(fn);
  if (source.startsWith('class')) return fn.name ? `[class ${fn.name}]` : '[class (anonymous)]';
  return fn.name ? `[Function ${fn.name}]` : '[Function (anonymous)]';
}

function formatObject(value: object, ancestors: object[], depth: number): string {
  const custom = customToString(value);
  if (custom !== undefined) return custom;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (Array.isArray(value)) {
    if (depth > MAX_DEPTH) return '[Array]';
    return `[${formatItems(value, (item) => formatNested(item, ancestors, depth))}]`;
  }
  if (isTypedArray(value)) return formatTypedArray(value, ancestors, depth);
  if (value instanceof ArrayBuffer) return `ArrayBuffer { byteLength: ${value.byteLength} }`;
  if (value instanceof DataView) return `DataView { byteLength: ${value.byteLength} }`;
  if (value instanceof WeakMap || value instanceof WeakSet) return `${value.constructor.name} { <items unknown> }`;
  if (value instanceof Promise) return 'Promise {}';
  if (depth > MAX_DEPTH) return '[Object]';
  if (value instanceof Map) {
    const entries = firstItems(
      value,
      value.size,
      ([k, v]: [unknown, unknown]) => `${formatNested(k, ancestors, depth)} => ${formatNested(v, ancestors, depth)}`,
    );
    return braces(`Map(${value.size})`, entries);
  }
  if (value instanceof Set) {
    return braces(
      `Set(${value.size})`,
      firstItems(value, value.size, (item: unknown) => formatNested(item, ancestors, depth)),
    );
  }
  return braces(constructorPrefix(value), ownProperties(value, ancestors, depth));
}

/**
 * The object's own toString result, if it (or a class it extends) defines one.
 * A toString that throws is not papered over with the raw object: its error
 * propagates (as in Python, where print(x) raises what x.__repr__ raised), so
 * the cell shows it.
 */
function customToString(value: object): string | undefined {
  if (Array.isArray(value) || ArrayBuffer.isView(value) || value instanceof Date) return undefined;
  const method: unknown = Reflect.get(value, 'toString');
  if (typeof method !== 'function' || method === Object.prototype.toString) return undefined;
  return String(method.call(value));
}

type TypedArray =
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array;

const isTypedArray = (value: object): value is TypedArray => ArrayBuffer.isView(value) && !(value instanceof DataView);

function formatTypedArray(value: TypedArray, ancestors: object[], depth: number): string {
  const items: unknown[] = [];
  for (let i = 0; i < Math.min(value.length, MAX_ITEMS); i++) items.push(value[i]);
  const shown = formatItems(items, (item) => formatNested(item, ancestors, depth));
  const more = value.length > MAX_ITEMS ? `, ${moreItems(value.length - MAX_ITEMS)}` : '';
  return `${value.constructor.name}(${value.length}) [${shown}${more}]`;
}

/** Array items, with holes shown as Node does and long arrays truncated. */
function formatItems(items: readonly unknown[], format: (item: unknown) => string): string {
  const parts: string[] = [];
  let holes = 0;
  const shown = Math.min(items.length, MAX_ITEMS);
  const flushHoles = (): void => {
    if (holes > 0) parts.push(`<${holes} empty item${holes === 1 ? '' : 's'}>`);
    holes = 0;
  };
  for (let i = 0; i < shown; i++) {
    if (!(i in items)) {
      holes++;
      continue;
    }
    flushHoles();
    parts.push(format(items[i]));
  }
  flushHoles();
  if (items.length > shown) parts.push(moreItems(items.length - shown));
  return parts.join(', ');
}

/** The first MAX_ITEMS of a Map or Set, without copying a huge collection. */
function firstItems<T>(items: Iterable<T>, size: number, format: (item: T) => string): string[] {
  const parts: string[] = [];
  for (const item of items) {
    if (parts.length === MAX_ITEMS) break;
    parts.push(format(item));
  }
  if (size > MAX_ITEMS) parts.push(moreItems(size - MAX_ITEMS));
  return parts;
}

const moreItems = (count: number): string => `... ${count} more item${count === 1 ? '' : 's'}`;

function braces(prefix: string, parts: readonly string[]): string {
  const head = prefix === '' ? '' : `${prefix} `;
  return parts.length === 0 ? `${head}{}` : `${head}{ ${parts.join(', ')} }`;
}

/** "Point" for class instances; nothing for plain and null-prototype objects. */
function constructorPrefix(value: object): string {
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === null || proto === Object.prototype) return '';
  const ctor: unknown = typeof proto === 'object' && 'constructor' in proto ? proto.constructor : undefined;
  return typeof ctor === 'function' && ctor.name !== '' && ctor.name !== 'Object' ? ctor.name : '';
}

function ownProperties(value: object, ancestors: object[], depth: number): string[] {
  const parts: string[] = [];
  for (const key of Reflect.ownKeys(value)) {
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    if (!descriptor?.enumerable) continue;
    const name = typeof key === 'symbol' ? `[${key.toString()}]` : formatKey(key);
    if (descriptor.get || descriptor.set) {
      const kind = descriptor.get && descriptor.set ? 'Getter/Setter' : descriptor.get ? 'Getter' : 'Setter';
      parts.push(`${name}: [${kind}]`);
    } else {
      parts.push(`${name}: ${formatNested(descriptor.value, ancestors, depth)}`);
    }
  }
  return parts;
}

const formatKey = (key: string): string => (/^[A-Za-z_$][\w$]*$/.test(key) ? key : pythonQuote(key));
