// A minimal model.safetensors reader (u64 little-endian header length, JSON header, raw data):
// tensors as views into the file. A stand-in for app/models/hub's full reader (branch h-hub),
// which replaces it at merge; errors here name the file and what is wrong.
import type { CheckpointTensor } from './checkpoint-weights.ts';

export function readSafetensorsLite(bytes: Uint8Array<ArrayBuffer>, source: string): Map<string, CheckpointTensor> {
  const fail = (why: string): never => {
    throw new Error(`${source}: not a readable safetensors file: ${why}`);
  };
  if (bytes.length < 8) fail(`${bytes.length} bytes`);
  const headerLength = Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true));
  if (headerLength > bytes.length - 8) fail(`the header length ${headerLength} is past the end of the ${bytes.length}-byte file`);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
  } catch (e) {
    return fail(`the header is not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (typeof header !== 'object' || header === null) return fail('the header is not a JSON object');
  const data = 8 + headerLength;
  const tensors = new Map<string, CheckpointTensor>();
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const e = entry as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    const [begin, end] = Array.isArray(e.data_offsets) ? e.data_offsets.map(Number) : [NaN, NaN];
    if (typeof e.dtype !== 'string' || !Array.isArray(e.shape) || !Number.isInteger(begin) || !Number.isInteger(end) || begin! > end! || data + end! > bytes.length)
      fail(`tensor '${name}' has a bad entry or data past the end of the file`);
    tensors.set(name, { name, dtype: e.dtype as string, shape: (e.shape as unknown[]).map(Number), bytes: bytes.subarray(data + begin!, data + end!) });
  }
  return tensors;
}
