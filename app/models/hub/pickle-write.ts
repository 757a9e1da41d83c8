// Emits pickle opcodes (protocol 2) as torch.save does for a state dict, for
// tests and the bench (the app only reads). Also writes arbitrary opcodes,
// so tests can build the hostile pickles the reader must refuse.
export class PickleWriter {
  readonly #bytes: number[] = [];
  #memo = 0;

  op(code: number, ...args: number[]): this {
    this.#bytes.push(code, ...args);
    return this;
  }
  raw(bytes: Uint8Array): this {
    for (const b of bytes) this.#bytes.push(b);
    return this;
  }
  u32(n: number): this {
    return this.raw(new Uint8Array(new Uint32Array([n]).buffer));
  }
  proto(): this {
    return this.op(0x80, 2);
  }
  mark(): this {
    return this.op(0x28);
  }
  str(s: string): this {
    const b = new TextEncoder().encode(s);
    return this.op(0x58).u32(b.length).raw(b);
  }
  int(n: number): this {
    if (n >= 0 && n < 256) return this.op(0x4b, n);
    if (n >= 0 && n < 65536) return this.op(0x4d, n & 0xff, n >> 8);
    if (n >= -(2 ** 31) && n < 2 ** 31) return this.op(0x4a).raw(new Uint8Array(new Int32Array([n]).buffer));
    // LONG1, 8 bytes two's complement
    return this.op(0x8a, 8).raw(new Uint8Array(new BigInt64Array([BigInt(n)]).buffer));
  }
  global(module: string, name: string): this {
    return this.op(0x63).raw(new TextEncoder().encode(`${module}\n${name}\n`));
  }
  tuple(items: readonly number[]): this {
    if (items.length === 0) return this.op(0x29);
    this.mark();
    for (const i of items) this.int(i);
    return this.op(0x74);
  }
  put(): this {
    return this.op(0x71, this.#memo++ & 0xff);
  }
  /** `_rebuild_tensor_v2(('storage', torch.<storage>, key, 'cpu', numel), offset, size, stride, False, OrderedDict())`. */
  tensor(storage: string, key: string, numel: number, offset: number, size: readonly number[], stride: readonly number[]): this {
    this.global('torch._utils', '_rebuild_tensor_v2').mark();
    this.mark().str('storage').global('torch', storage).str(key).str('cpu').int(numel).op(0x74).op(0x51);
    this.int(offset).tuple(size).tuple(stride).op(0x89).global('collections', 'OrderedDict').op(0x29).op(0x52);
    return this.op(0x74).op(0x52);
  }
  bytes(): Uint8Array<ArrayBuffer> {
    return new Uint8Array(this.#bytes);
  }
}
