// A small ONNX graph builder for BLIP's graphs, on app/onnx's protobuf types. Weights are taken
// from the checkpoint by Hugging Face parameter name; a float32 weight used as it is becomes an
// initializer whose data is either the checkpoint's own bytes (a view, `inline`) or an external-
// data reference into the checkpoint buffer (`external`: onnxruntime-web then copies each tensor
// straight from that buffer into its heap, so no protobuf holds a second copy of the weights).
// Linear layers follow a per-layer weight format (fp32, float16/bfloat16 storage, int8 weight-
// only, dynamic int8), and `round` inserts bf16 rounding after an operation when the graph
// computes like PyTorch's bfloat16 model.
import { quantizeActivation, integerNode } from '../../onnx/dynamic.ts';
import { encodeHalf, quantizeInt8 } from '../../onnx/encode-weights.ts';
import { NameScope, floatAttr, intAttr, intsAttr, makeNode } from '../../onnx/graph.ts';
import {
  type AttributeProto, type ModelProto, type NodeProto, type TensorProto, TensorProtoDataLocation, TensorProtoDataType as DT,
} from '../../onnx/onnx-proto.gen.ts';
import type { WeightFormat } from '../../onnx/plan.ts';
import { float32Tensor, int64Tensor, makeTensor } from '../../onnx/tensor.ts';
import { valueInfo, type ValueSpec } from '../../onnx/build.ts';
import { bf16BitsToFloat32Array, f16BitsToFloat32Array } from '../../torch/half.ts';
import type { FileRange } from '../hub/file-range.ts';
import { byteLengthOf, type CheckpointTensor, type CheckpointTensors, requireTensor, storedDType } from './checkpoint-weights.ts';
import { type TransposedRange, transposeBytes } from './transpose-bytes.ts';

export type WeightPlacement = 'inline' | 'external';

export interface BuildOptions {
  readonly placement: WeightPlacement;
  /** The weight format of each Linear/Conv weight (by HF name); Embedding and LayerNorm weights stay as stored. */
  readonly formatOf: (name: string, op: 'MatMul' | 'Conv') => WeightFormat;
  /** What the other float weights (embeddings, LayerNorms, biases) are stored as: `.to(dtype)` converts them all, like torch. */
  readonly storage: StorageDType;
  /** Round every operation's float32 result to bfloat16 (PyTorch's bf16 model computes so). */
  readonly bf16Activations: boolean;
}

export type StorageDType = 'float32' | 'float16' | 'bfloat16';

/**
 * What an external initializer points into: a buffer in memory, or the checkpoint file itself
 * (a Blob read range by range; web-runtime.ts mounts it so onnxruntime-web reads each tensor from disk).
 */
export type ExternalBuffer = Uint8Array | FileRange;

/** One external-data file of a graph: a buffer or the checkpoint file, and the tensors (by byte offset) the session gets transposed. */
export interface ExternalEntry {
  readonly path: string;
  readonly data: ExternalBuffer;
  readonly transposed?: ReadonlyMap<number, TransposedRange>;
}

/**
 * How a Linear layer's weight goes into Gemm: `out-in` = the checkpoint's [out, in] with transB=1
 * (nothing transposed; the right layout when many rows are multiplied at once); `in-out` = [in, out]
 * with transB=0, the bytes transposed on their way into the session (one tensor at a time, see
 * external-mount.ts): onnxruntime-web's WASM kernels multiply one row by an [in, out] weight without
 * repacking it, 2x faster per decoding step (bench/NOTES-blip-hub.md).
 */
export type LinearLayout = 'out-in' | 'in-out';

/** A graph and the buffers its external initializers point into (onnxruntime-web's `externalData`). */
export interface BuiltGraph {
  readonly model: ModelProto;
  readonly externalData: readonly ExternalEntry[];
  /** HF tensor names this graph read. */
  readonly read: ReadonlySet<string>;
}

const OPSET = 17; // LayerNormalization

export class GraphBuilder {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  readonly read = new Set<string>();
  readonly #names = new NameScope({});
  readonly #buffers = new Map<ArrayBufferLike, string>();
  readonly #files = new Map<FileRange, string>();
  readonly #consts = new Map<string, string>();
  /** Per file or buffer: the external entry whose tensors are handed to the session transposed. */
  readonly #transposed = new Map<FileRange | ArrayBufferLike, { path: string; data: ExternalBuffer; ranges: Map<number, TransposedRange> }>();

  constructor(readonly tensors: CheckpointTensors, readonly options: BuildOptions, readonly linearLayout: LinearLayout = 'out-in') {}

  fresh(base: string): string {
    return this.#names.fresh(base);
  }

  /** One node; returns its outputs. */
  op(type: string, inputs: readonly string[], attrs: readonly AttributeProto[] = [], outputs = 1, domain = ''): string[] {
    const out = Array.from({ length: outputs }, () => this.fresh(`${type}_out`));
    this.nodes.push({ ...makeNode(type, inputs, out, attrs, this.fresh(type)), ...(domain ? { domain } : {}) });
    return out;
  }

  op1(type: string, inputs: readonly string[], attrs: readonly AttributeProto[] = []): string {
    return this.op(type, inputs, attrs)[0]!;
  }

  /** bf16 rounding of a float32 value (Cast to bfloat16 and back: round to nearest even), or the value itself. */
  round(x: string): string {
    if (!this.options.bf16Activations) return x;
    return this.op1('Cast', [this.op1('Cast', [x], [intAttr('to', DT.BFLOAT16)])], [intAttr('to', DT.FLOAT)]);
  }

  /** A float32 or int64 constant, shared by every use. */
  constFloat(values: readonly number[], dims: readonly number[] = []): string {
    return this.#const(`f:${dims.join(',')}:${values.join(',')}`, () => float32Tensor(this.fresh('const'), dims, Float32Array.from(values)));
  }

  constInt(values: readonly number[], dims: readonly number[] = [values.length]): string {
    return this.#const(`i:${dims.join(',')}:${values.join(',')}`, () => int64Tensor(this.fresh('const'), values, dims));
  }

  #const(key: string, make: () => TensorProto): string {
    const hit = this.#consts.get(key);
    if (hit !== undefined) return hit;
    const t = make();
    this.initializers.push(t);
    this.#consts.set(key, t.name ?? '');
    return t.name ?? '';
  }

  #tensor(t: CheckpointTensor): CheckpointTensor {
    this.read.add(t.name);
    return t;
  }

  /**
   * A checkpoint tensor as a float32 value of the graph, stored as the variant's storage dtype
   * (16-bit tensors get a Cast, which onnxruntime folds at load).
   */
  weight(name: string, shape: readonly number[]): string {
    const t = this.#tensor(requireTensor(this.tensors, name, shape));
    const dtype = storedDType(t);
    const storage = this.options.storage;
    if (storage === 'float32' && dtype === 'float32') return this.#checkpointInitializer(name, DT.FLOAT, shape, t);
    // Stored 16-bit and asked for float32: the values are those 16-bit ones (torch's .float()).
    const target = storage === 'float32' ? (dtype === 'float16' ? 'float16' : 'bfloat16') : storage;
    const code = target === 'float16' ? DT.FLOAT16 : DT.BFLOAT16;
    const stored = dtype === target ? this.#checkpointInitializer(`${name}_${target}`, code, shape, t) : this.#initializer(`${name}_${target}`, code, shape, bytesOf(fromFloat32Values(t, (v) => encodeHalf(v, target))));
    return this.op1('Cast', [stored], [intAttr('to', DT.FLOAT)]);
  }

  /** A weight in `format` (Linear or Conv), as a float32 value; dynamic formats are handled by `linear`. */
  #formatted(name: string, shape: readonly number[], format: WeightFormat, axis: number): string {
    if (format.kind === 'fp32' || (format.kind === this.options.storage)) return this.weight(name, shape);
    const t = this.#tensor(requireTensor(this.tensors, name, shape));
    if (format.kind === 'float16' || format.kind === 'bfloat16') {
      const code = format.kind === 'float16' ? DT.FLOAT16 : DT.BFLOAT16;
      const stored = storedDType(t) === format.kind ? this.#checkpointInitializer(`${name}_${format.kind}`, code, shape, t) : this.#initializer(`${name}_${format.kind}`, code, shape, bytesOf(fromFloat32Values(t, (v) => encodeHalf(v, format.kind))));
      return this.op1('Cast', [stored], [intAttr('to', DT.FLOAT)]);
    }
    if (format.kind === 'dynamic') throw new TypeError(`${name}: dynamic quantization applies to Linear layers only`);
    const w = fromFloat32Values(t, (v) => quantizeInt8(v, shape, { granularity: format.granularity, symmetric: format.symmetric, axis }));
    const perChannel = format.granularity === 'channel';
    const q = this.#initializer(`${name}_quantized`, DT.INT8, shape, bytesOf(w.q));
    const scale = this.#initializer(`${name}_scale`, DT.FLOAT, perChannel ? [w.scales.length] : [], bytesOf(w.scales));
    const zp = this.#initializer(`${name}_zero_point`, DT.INT8, perChannel ? [w.zeroPoints.length] : [], bytesOf(w.zeroPoints));
    return this.op1('DequantizeLinear', [q, scale, zp], perChannel ? [intAttr('axis', axis)] : []);
  }

  /** A Conv weight in its planned format (axis 0 = output channels for int8 per channel). */
  convWeight(name: string, shape: readonly number[]): string {
    return this.#formatted(name, shape, this.options.formatOf(name, 'Conv'), 0);
  }

  /**
   * A checkpoint tensor used as it is stored. Read from a Blob (`t.stored`) and placed externally, the
   * initializer points into the file itself: nothing is read here, onnxruntime-web reads the range
   * while the session loads. Otherwise the bytes (a view, or one read of the file).
   */
  #checkpointInitializer(name: string, code: number, dims: readonly number[], t: CheckpointTensor, transpose?: Omit<TransposedRange, 'length'>): string {
    const length = byteLengthOf(t);
    if (transpose !== undefined) {
      if (this.options.placement === 'external' && length >= 4096) return this.#transposedExternal(name, code, dims, t, { ...transpose, length });
      // Inline (Node) or small: this tensor's bytes transposed, once.
      return this.#initializer(name, code, dims, transposeBytes(t.bytes, transpose.rows, transpose.cols, transpose.elementBytes));
    }
    if (t.stored === undefined || this.options.placement === 'inline' || length < 4096) return this.#initializer(name, code, dims, t.bytes);
    let path = this.#files.get(t.stored.file);
    if (path === undefined) {
      path = `checkpoint-${this.#files.size}.bin`;
      this.#files.set(t.stored.file, path);
    }
    return this.#external(name, code, dims, path, t.stored.offset, length);
  }

  /** An external reference into the checkpoint (file or buffer) whose bytes the mount hands out transposed; nothing is read or copied here. */
  #transposedExternal(name: string, code: number, dims: readonly number[], t: CheckpointTensor, range: TransposedRange): string {
    const key = t.stored?.file ?? t.bytes.buffer;
    let entry = this.#transposed.get(key);
    if (entry === undefined) {
      const data: ExternalBuffer = t.stored?.file ?? new Uint8Array(t.bytes.buffer);
      entry = { path: `${t.stored === undefined ? 'weights' : 'checkpoint'}-${this.#transposed.size}-transposed.bin`, data, ranges: new Map() };
      this.#transposed.set(key, entry);
    }
    const offset = t.stored?.offset ?? t.bytes.byteOffset;
    entry.ranges.set(offset, range);
    return this.#external(name, code, dims, entry.path, offset, range.length);
  }

  /**
   * A Linear weight as [in, out] (`in-out` layout), float32 or stored 16-bit + Cast like `weight`:
   * the checkpoint's own bytes transposed as the session loads them, or a 16-bit encoding made here.
   */
  #transposedWeight(name: string, rows: number, cols: number, storage: StorageDType): string {
    const t = this.#tensor(requireTensor(this.tensors, name, [rows, cols]));
    const dtype = storedDType(t);
    const dims = [cols, rows];
    if (storage === 'float32' && dtype === 'float32') return this.#checkpointInitializer(name, DT.FLOAT, dims, t, { rows, cols, elementBytes: 4 });
    const target = storage !== 'float32' ? storage : dtype === 'float16' ? 'float16' : 'bfloat16';
    const code = target === 'float16' ? DT.FLOAT16 : DT.BFLOAT16;
    const stored = dtype === target
      ? this.#checkpointInitializer(`${name}_${target}`, code, dims, t, { rows, cols, elementBytes: 2 })
      : this.#initializer(`${name}_${target}`, code, dims, bytesOf(encodeHalf(fromFloat32Values(t, (v) => transpose2d(v, rows, cols)), target)));
    return this.op1('Cast', [stored], [intAttr('to', DT.FLOAT)]);
  }

  #initializer(name: string, code: number, dims: readonly number[], bytes: Uint8Array): string {
    const unique = this.fresh(name);
    // Small tensors (biases, scales) go inline: external data is for the bulk of the bytes.
    if (this.options.placement === 'inline' || bytes.length < 4096) {
      this.initializers.push(makeTensor(unique, code, dims, bytes));
      return unique;
    }
    let path = this.#buffers.get(bytes.buffer);
    if (path === undefined) {
      path = `weights-${this.#buffers.size}.bin`;
      this.#buffers.set(bytes.buffer, path);
    }
    return this.#external(name, code, dims, path, bytes.byteOffset, bytes.length, unique);
  }

  #external(name: string, code: number, dims: readonly number[], path: string, offset: number, length: number, unique = this.fresh(name)): string {
    this.initializers.push({
      name: unique, dataType: code, dims: [...dims], dataLocation: TensorProtoDataLocation.EXTERNAL,
      externalData: [{ key: 'location', value: path }, { key: 'offset', value: String(offset) }, { key: 'length', value: String(length) }],
    });
    return unique;
  }

  /**
   * nn.Linear on a 2-D activation [rows, in]: y = x Wᵀ + b (HF stores W as [out, in]). Float
   * formats use Gemm(transB=1), so the checkpoint's bytes are used untransposed; dynamic int8 is
   * ONNX Runtime's quantize_dynamic pattern on Wᵀ (quantized while transposing).
   */
  linear(x: string, prefix: string, inDim: number, outDim: number, bias = `${prefix}.bias`): string {
    const name = `${prefix}.weight`;
    const format = this.options.formatOf(name, 'MatMul');
    const b = this.weight(bias, [outDim]);
    if (format.kind !== 'dynamic') {
      if (this.linearLayout === 'in-out' && format.kind !== 'int8') {
        // int8 weight-only keeps [out, in]: its DequantizeLinear is folded at load into a float32 [out, in] weight.
        const wt = this.#transposedWeight(name, outDim, inDim, format.kind === 'fp32' ? this.options.storage : format.kind);
        return this.round(this.op1('Gemm', [x, wt, b]));
      }
      const w = this.#formatted(name, [outDim, inDim], format, 0);
      return this.round(this.op1('Gemm', [x, w, b], [intAttr('transB', 1)]));
    }
    const t = this.#tensor(requireTensor(this.tensors, name, [outDim, inDim]));
    const wt = fromFloat32Values(t, (v) => transpose2d(v, outDim, inDim));
    const w = quantizeInt8(wt, [inDim, outDim], { granularity: format.granularity, symmetric: true, axis: 1, reduceRange: format.reduceRange });
    const names = {
      q: this.#initializer(`${name}_quantized`, DT.INT8, [inDim, outDim], bytesOf(w.q)),
      scale: this.#initializer(`${name}_scale`, DT.FLOAT, format.granularity === 'channel' ? [outDim] : [], bytesOf(w.scales)),
      zeroPoint: this.#initializer(`${name}_zero_point`, DT.INT8, [], bytesOf(Int8Array.of(0))),
    };
    const { nodes, act } = quantizeActivation(x, this.#names);
    const y = this.fresh(`${prefix}_matmul`);
    const added: TensorProto[] = [];
    nodes.push(...integerNode(makeNode('MatMul', [x, name], [y], [], this.fresh(prefix)), act, names, this.#names, null, added));
    this.nodes.push(...nodes);
    this.initializers.push(...added);
    return this.round(this.op1('Add', [y, b]));
  }

  layerNorm(x: string, prefix: string, dim: number, eps: number): string {
    const scale = this.weight(`${prefix}.weight`, [dim]);
    const bias = this.weight(`${prefix}.bias`, [dim]);
    return this.round(this.op1('LayerNormalization', [x, scale, bias], [intAttr('axis', -1), floatAttr('epsilon', eps)]));
  }

  /** Exact GELU, x · ½ · (1 + erf(x / √2)), as torch's nn.functional.gelu (one rounding: one op in torch). */
  gelu(x: string): string {
    const erf = this.op1('Erf', [this.op1('Div', [x, this.constFloat([Math.SQRT2])])]);
    const half = this.op1('Mul', [x, this.constFloat([0.5])]);
    return this.round(this.op1('Mul', [half, this.op1('Add', [erf, this.constFloat([1])])]));
  }

  reshape(x: string, shape: string): string {
    return this.op1('Reshape', [x, shape]);
  }

  transpose(x: string, perm: readonly number[]): string {
    return this.op1('Transpose', [x], [intsAttr('perm', perm)]);
  }

  finish(name: string, inputs: readonly ValueSpec[], outputs: readonly ValueSpec[]): BuiltGraph {
    const model: ModelProto = {
      irVersion: 8,
      producerName: 'quantization-lab blip-hub',
      opsetImport: [{ domain: '', version: OPSET }],
      graph: { name, node: this.nodes, initializer: this.initializers, input: inputs.map(valueInfo), output: outputs.map(valueInfo) },
    };
    const externalData: ExternalEntry[] = [...this.#buffers].map(([buffer, path]) => ({ path, data: new Uint8Array(buffer) }));
    for (const [file, path] of this.#files) externalData.push({ path, data: file });
    for (const { path, data, ranges } of this.#transposed.values()) externalData.push({ path, data, transposed: ranges });
    return { model, externalData, read: this.read };
  }
}

const bytesOf = (a: ArrayBufferView): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** `copy` (the tensor's bytes, at offset 0 of their own buffer) as float32 values: a view of it for float32. */
function float32ValuesOf(t: CheckpointTensor, copy: Uint8Array): Float32Array {
  switch (storedDType(t)) {
    case 'float32':
      return new Float32Array(copy.buffer, 0, copy.length / 4);
    case 'bfloat16':
      return bf16BitsToFloat32Array(new Uint16Array(copy.buffer, 0, copy.length / 2));
    case 'float16':
      return f16BitsToFloat32Array(new Uint16Array(copy.buffer, 0, copy.length / 2));
    case 'int64':
      throw new TypeError(`tensor '${t.name}' is int64, not a weight`);
  }
}

/**
 * `convert` of the tensor's float32 values, whose result is a new array; a file-backed tensor's read
 * (a fresh copy of its range: app/models/hub/file-range.ts) is then freed at once instead of at V8's
 * next full collection: for blip-base's int8 or 16-bit variants that is 990 MB read this way.
 */
function fromFloat32Values<R>(t: CheckpointTensor, convert: (values: Float32Array) => R): R {
  // A file-backed tensor's bytes are already a fresh read; a view is copied (its values get decoded in place).
  const copy = t.stored === undefined ? t.bytes.slice() : t.bytes;
  const out = convert(float32ValuesOf(t, copy));
  t.stored?.file.release(copy);
  return out;
}

function transpose2d(w: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(w.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = w[r * cols + c]!;
  return out;
}
