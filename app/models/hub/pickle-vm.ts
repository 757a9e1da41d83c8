// A pickle machine for torch.save's data.pkl, and nothing more. It knows the
// opcodes protocol 2 (and the framing/memo opcodes of 3–4) uses for a state
// dict, and builds only values of the allow-listed globals below: a dict or
// OrderedDict of tensors described by torch._utils._rebuild_tensor_v2 over
// persistent-id storages. Any other opcode or global is refused with its name
// and byte offset before anything is built from it: no code is ever run, no
// object of any other class is made. (Python's pickle would import and call
// whatever the file names; that is how a .bin can carry os.system.)
import type { CheckpointDtype } from './checkpoint.ts';
import { TORCH_STORAGES } from './dtypes.ts';
import { CheckpointFormatError } from './errors.ts';

export class PyTuple {
  constructor(readonly items: readonly PyValue[]) {}
}
export class PyList {
  constructor(readonly items: PyValue[]) {}
}
/** dict or collections.OrderedDict (insertion order either way); keys are str or int. */
export class PyDict {
  readonly map = new Map<string | number | bigint, PyValue>();
  /** Attributes set by BUILD (a state dict's `_metadata`), kept, never interpreted. */
  state: PyValue = null;
  constructor(readonly ordered: boolean) {}
}
/** One of the allow-listed globals: the only callables REDUCE accepts. */
export class PyGlobal {
  constructor(
    readonly module: string,
    readonly name: string,
  ) {}
}
/** A persistent id ('storage', torch.XStorage, key, location, numel) as torch.save writes it. */
export class StorageRef {
  constructor(
    readonly dtype: CheckpointDtype,
    readonly key: string,
    readonly location: string,
    readonly numel: number,
  ) {}
}
/** What _rebuild_tensor_v2 would make: a view (offset, size, stride in elements) of a storage. */
export class TensorRef {
  constructor(
    readonly storage: StorageRef,
    readonly offset: number,
    readonly size: readonly number[],
    readonly stride: readonly number[],
    /** Byte offset of the REDUCE that built it, for messages. */
    readonly at: number,
  ) {}
}

export type PyValue = null | boolean | number | bigint | string | PyTuple | PyList | PyDict | PyGlobal | StorageRef | TensorRef;

const ALLOWED_GLOBALS = new Set([
  'collections.OrderedDict',
  'torch._utils._rebuild_tensor_v2',
  'torch._utils._rebuild_parameter',
  ...Object.keys(TORCH_STORAGES).map((s) => `torch.${s}`),
]);

const describe = (v: PyValue): string =>
  v === null ? 'None' : v instanceof PyGlobal ? `${v.module}.${v.name}` : typeof v === 'object' ? v.constructor.name : typeof v;

/** Runs data.pkl; returns the value STOP leaves. `source` names the file in errors. */
export function unpickle(data: Uint8Array, source: string): PyValue {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  // MARK is kept as a stack height in `marks`, as Python's metastack does.
  const stack: PyValue[] = [];
  const marks: number[] = [];
  const memo = new Map<number, PyValue>();
  const latin1 = new TextDecoder('latin1');
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  let pos = 0;
  let opAt = 0;

  const fail = (what: string): never => {
    throw new CheckpointFormatError(`${source}: data.pkl byte ${opAt}: ${what}`);
  };
  const need = (n: number): number => {
    if (pos + n > data.length) fail(`the pickle ends in the middle of an opcode (needs ${n} more bytes; truncated?)`);
    const at = pos;
    pos += n;
    return at;
  };
  const pop = (): PyValue => {
    if (stack.length === 0 || (marks.length > 0 && stack.length <= marks[marks.length - 1]!)) fail('pops from an empty stack');
    return stack.pop()!;
  };
  const top = (): PyValue => {
    if (stack.length === 0) fail('needs a value on the stack');
    return stack[stack.length - 1]!;
  };
  const popMark = (): PyValue[] => {
    const m = marks.pop();
    if (m === undefined) fail('needs a MARK and there is none');
    return stack.splice(m!);
  };
  const line = (): string => {
    const end = data.indexOf(0x0a, pos);
    if (end < 0) fail('GLOBAL without its newline-terminated name (truncated?)');
    const text = latin1.decode(data.subarray(pos, end));
    pos = end + 1;
    return text;
  };
  const text = (n: number): string => {
    const at = need(n);
    try {
      return utf8.decode(data.subarray(at, at + n));
    } catch {
      return fail('a string that is not UTF-8');
    }
  };
  const global = (module: string, name: string): PyGlobal => {
    const full = `${module}.${name}`;
    if (!ALLOWED_GLOBALS.has(full))
      fail(`refused global ${full}: a checkpoint's pickle may name only collections.OrderedDict, torch._utils._rebuild_tensor_v2/_rebuild_parameter and torch.*Storage; nothing else is imported or called`);
    return new PyGlobal(module, name);
  };
  const setItems = (dict: PyValue, items: PyValue[]): void => {
    if (!(dict instanceof PyDict)) fail(`SETITEM(S) on ${describe(dict)}, not a dict`);
    const d = dict as PyDict;
    for (let i = 0; i + 1 < items.length; i += 2) {
      const key = items[i]!;
      if (typeof key !== 'string' && typeof key !== 'number' && typeof key !== 'bigint') fail(`a dict key that is ${describe(key)}, not str or int`);
      d.map.set(key as string | number | bigint, items[i + 1]!);
    }
    if (items.length % 2 !== 0) fail('SETITEMS with an odd number of items');
  };

  for (;;) {
    opAt = pos;
    if (pos >= data.length) fail('the pickle ends without STOP (truncated?)');
    const op = data[pos++]!;
    switch (op) {
      case 0x80: // PROTO
        if (data[need(1)]! > 4) fail(`pickle protocol ${data[pos - 1]!} (torch.save writes 2)`);
        break;
      case 0x95: // FRAME: only a length prefix for buffered reading; the bytes follow in place
        need(8);
        break;
      case 0x2e: // STOP
        if (stack.length !== 1 || marks.length !== 0) fail(`STOP with ${stack.length} values on the stack`);
        return pop();
      case 0x28: // MARK
        marks.push(stack.length);
        break;
      case 0x7d: // EMPTY_DICT
        stack.push(new PyDict(false));
        break;
      case 0x5d: // EMPTY_LIST
        stack.push(new PyList([]));
        break;
      case 0x29: // EMPTY_TUPLE
        stack.push(new PyTuple([]));
        break;
      case 0x4e: // NONE
        stack.push(null);
        break;
      case 0x88: // NEWTRUE
        stack.push(true);
        break;
      case 0x89: // NEWFALSE
        stack.push(false);
        break;
      case 0x4b: // BININT1
        stack.push(data[need(1)]!);
        break;
      case 0x4d: // BININT2
        stack.push(view.getUint16(need(2), true));
        break;
      case 0x4a: // BININT
        stack.push(view.getInt32(need(4), true));
        break;
      case 0x8a: {
        // LONG1: n bytes, little-endian two's complement
        const n = data[need(1)]!;
        const at = need(n);
        let v = 0n;
        for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(data[at + i]!);
        if (n > 0 && (data[at + n - 1]! & 0x80) !== 0) v -= 1n << BigInt(8 * n);
        stack.push(v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v);
        break;
      }
      case 0x47: // BINFLOAT (big-endian double)
        stack.push(view.getFloat64(need(8), false));
        break;
      case 0x58: // BINUNICODE
        stack.push(text(view.getUint32(need(4), true)));
        break;
      case 0x8c: // SHORT_BINUNICODE
        stack.push(text(data[need(1)]!));
        break;
      case 0x55: {
        // SHORT_BINSTRING (a Python 2 str; torch's own keys are ASCII)
        const n = data[need(1)]!;
        const at = need(n);
        stack.push(latin1.decode(data.subarray(at, at + n)));
        break;
      }
      case 0x71: // BINPUT
        memo.set(data[need(1)]!, top());
        break;
      case 0x72: // LONG_BINPUT
        memo.set(view.getUint32(need(4), true), top());
        break;
      case 0x94: // MEMOIZE
        memo.set(memo.size, top());
        break;
      case 0x68: // BINGET
      case 0x6a: {
        // LONG_BINGET
        const key = op === 0x68 ? data[need(1)]! : view.getUint32(need(4), true);
        if (!memo.has(key)) fail(`memo ${key} is read before it is written`);
        stack.push(memo.get(key)!);
        break;
      }
      case 0x63: // GLOBAL
        stack.push(global(line(), line()));
        break;
      case 0x93: {
        // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof module !== 'string' || typeof name !== 'string') fail('STACK_GLOBAL without two strings');
        stack.push(global(module as string, name as string));
        break;
      }
      case 0x74: // TUPLE
        stack.push(new PyTuple(popMark()));
        break;
      case 0x85: // TUPLE1
        stack.push(new PyTuple([pop()]));
        break;
      case 0x86: {
        // TUPLE2
        const b = pop();
        stack.push(new PyTuple([pop(), b]));
        break;
      }
      case 0x87: {
        // TUPLE3
        const c = pop();
        const b = pop();
        stack.push(new PyTuple([pop(), b, c]));
        break;
      }
      case 0x61: {
        // APPEND
        const v = pop();
        const list = top();
        if (!(list instanceof PyList)) fail(`APPEND to ${describe(list)}, not a list`);
        (list as PyList).items.push(v);
        break;
      }
      case 0x65: {
        // APPENDS
        const items = popMark();
        const list = top();
        if (!(list instanceof PyList)) fail(`APPENDS to ${describe(list)}, not a list`);
        (list as PyList).items.push(...items);
        break;
      }
      case 0x73: {
        // SETITEM
        const v = pop();
        const k = pop();
        setItems(top(), [k, v]);
        break;
      }
      case 0x75: // SETITEMS
        setItems(stack[(marks[marks.length - 1] ?? 1) - 1] ?? null, popMark());
        break;
      case 0x51: // BINPERSID
        stack.push(persistentStorage(pop(), fail));
        break;
      case 0x52: {
        // REDUCE
        const args = pop();
        const callable = pop();
        stack.push(reduce(callable, args, opAt, fail));
        break;
      }
      case 0x62: {
        // BUILD: only an OrderedDict's attribute dict (a state dict's _metadata)
        const state = pop();
        const obj = top();
        if (!(obj instanceof PyDict) || !(state instanceof PyDict)) fail(`BUILD of ${describe(obj)} with ${describe(state)}; only an OrderedDict's attributes are accepted`);
        (obj as PyDict).state = state;
        break;
      }
      default:
        fail(`refused opcode 0x${op.toString(16).padStart(2, '0')}${op >= 0x20 && op < 0x7f ? ` ('${String.fromCharCode(op)}')` : ''}: not one torch.save uses for a state dict`);
    }
  }
}

const isInt = (v: PyValue): v is number => typeof v === 'number' && Number.isSafeInteger(v);
const intList = (v: PyValue): number[] | null => (v instanceof PyTuple && v.items.every(isInt) ? (v.items as number[]) : null);

function persistentStorage(pid: PyValue, fail: (what: string) => never): StorageRef {
  if (!(pid instanceof PyTuple) || pid.items.length !== 5 || pid.items[0] !== 'storage')
    return fail(`a persistent id that is not ('storage', type, key, location, numel): ${describe(pid)}`);
  const [, type, key, location, numel] = pid.items;
  if (!(type instanceof PyGlobal) || type.module !== 'torch' || TORCH_STORAGES[type.name] === undefined) return fail(`a storage of type ${describe(type ?? null)}`);
  if (typeof key !== 'string' || typeof location !== 'string' || !isInt(numel ?? null) || (numel as number) < 0) return fail('a storage id with a bad key, location or size');
  return new StorageRef(TORCH_STORAGES[type.name]!, key, location, numel as number);
}

function reduce(callable: PyValue, args: PyValue, at: number, fail: (what: string) => never): PyValue {
  if (!(callable instanceof PyGlobal)) return fail(`REDUCE calls ${describe(callable)}, not an allowed global`);
  if (!(args instanceof PyTuple)) return fail(`REDUCE of ${callable.module}.${callable.name} with ${describe(args)} instead of an argument tuple`);
  const a = args.items;
  switch (`${callable.module}.${callable.name}`) {
    case 'collections.OrderedDict':
      if (a.length !== 0) return fail('collections.OrderedDict(...) with arguments; torch.save writes OrderedDict() then SETITEMS');
      return new PyDict(true);
    case 'torch._utils._rebuild_tensor_v2': {
      // (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
      const [storage, offset, size, stride, , hooks] = a;
      const sizes = intList(size ?? null);
      const strides = intList(stride ?? null);
      if (a.length < 6 || a.length > 7 || !(storage instanceof StorageRef) || !isInt(offset ?? null) || sizes === null || strides === null || sizes.length !== strides.length)
        return fail('_rebuild_tensor_v2 with arguments other than (storage, offset, size, stride, requires_grad, hooks)');
      if (!(hooks instanceof PyDict) || hooks.map.size !== 0) return fail('a tensor with backward hooks (they would be code)');
      return new TensorRef(storage, offset as number, sizes, strides, at);
    }
    case 'torch._utils._rebuild_parameter': {
      // (data, requires_grad, backward_hooks): a Parameter is its tensor here
      const [data, , hooks] = a;
      if (a.length !== 3 || !(data instanceof TensorRef)) return fail('_rebuild_parameter with arguments other than (tensor, requires_grad, hooks)');
      if (!(hooks instanceof PyDict) || hooks.map.size !== 0) return fail('a parameter with backward hooks (they would be code)');
      return data;
    }
    default:
      return fail(`${callable.module}.${callable.name} cannot be called (a storage type is only named by a persistent id)`);
  }
}
