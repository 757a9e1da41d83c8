// What a model does with its input: each task knows how to turn a student's
// input into tensors and the network's output into something readable.
import type { Ort } from './ort.ts';

export interface TaskRunner<Out = unknown> {
  readonly task: string;
  /** Run one input through a session; the input comes from a student, so it is checked. */
  run(ort: Ort, session: OrtSession, input: unknown): Promise<Out>;
}

/** The part of onnxruntime's InferenceSession we use (a type, so tests can fake it). */
export interface OrtSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, InstanceType<Ort['Tensor']>>): Promise<Record<string, InstanceType<Ort['Tensor']>>>;
  release(): Promise<void>;
}

/** Pixels as a worker or page has them: ImageData or anything shaped like it. */
export interface Pixels {
  readonly data: ArrayLike<number>;
  readonly width: number;
  readonly height: number;
}

export function isPixels(value: unknown): value is Pixels {
  return (
    typeof value === 'object' &&
    value !== null &&
    'data' in value &&
    'width' in value &&
    'height' in value &&
    typeof value.width === 'number' &&
    typeof value.height === 'number'
  );
}

/** Sizes a page can decode and a network can take; bigger inputs are refused, not attempted. */
export function checkImageSize(p: Pixels, what: string, max = 8192): void {
  if (!Number.isInteger(p.width) || !Number.isInteger(p.height) || p.width <= 0 || p.height <= 0)
    throw new RangeError(`${what}: the image is ${p.width}×${p.height}; it needs a positive width and height`);
  if (p.width > max || p.height > max) throw new RangeError(`${what}: the image is ${p.width}×${p.height}; the largest accepted side is ${max} px`);
  if (p.data.length !== p.width * p.height * 4)
    throw new RangeError(`${what}: expected ${p.width * p.height * 4} RGBA values for ${p.width}×${p.height}, got ${p.data.length}`);
}
