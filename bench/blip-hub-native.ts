// The native side of the blip-hub bench (bench/blip-hub.ts): the same graphs in onnxruntime-node at
// the same thread count, held in the bench's own process while Chromium runs, so that each browser
// caption can be followed at once by a native one. The page's cell asks for it over loopback
// (`GET /__native/<kind>` on the bench's model server, answered with `{ ms, vision_ms }`), and waits:
// the two never run at the same time, and each round's pair sees the same moment of a shared machine.
// (Measured one after the other, the native side once ran under a load the browser part had not met,
// and the ratio said 1.47x for a pair that is ≈ 2.8x on a quiet machine: bench/NOTES-blip-hub.md.)
import type { ServerResponse } from 'node:http';
import { nodeRuntime } from '../app/models/blip-hub/node-runtime.ts';
import { blipFromFolder } from './blip-from-folder.ts';
import { THREADS } from './blip-hub-chromium.ts';

export const NATIVE_KINDS = ['fp32', 'fp32-no-cache', 'int8', 'int8-reduce-range'] as const;
export type NativeKind = (typeof NATIVE_KINDS)[number];

/** The bench's test image as ImageData-like pixels: the same 500×350 gradient IMAGE_CELL draws. */
function nodeImage(): { data: Uint8ClampedArray; width: number; height: number } {
  const [w, h] = [500, 350];
  const data = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const t = (x * 500 + y * 350) / (500 * 500 + 350 * 350);
      const i = (y * w + x) * 4;
      data.set([0x88 + (0xcc - 0x88) * t, 0xaa + (0x88 - 0xaa) * t, 0xcc + (0x44 - 0xcc) * t, 255], i);
    }
  return { data, width: w, height: h };
}

export interface NativeBlip {
  caption(kind: NativeKind): Promise<{ ms: number; vision_ms: number }>;
  dispose(): Promise<void>;
}

/** The checkpoint in `dir` in onnxruntime-node, float32 and dynamic int8 (8-bit and reduce_range weights), warmed up (2 tokens each). */
export async function openNative(dir: string): Promise<NativeBlip> {
  const m = blipFromFolder(dir, 'base-random', nodeRuntime({ threads: THREADS }));
  const q = m.quantize_dynamic();
  const q7 = m.quantize_dynamic({ reduce_range: true });
  const img = nodeImage();
  await m.run(img, { max_new_tokens: 2 });
  await m.run(img, { max_new_tokens: 2, use_cache: false });
  await q.run(img, { max_new_tokens: 2 });
  await q7.run(img, { max_new_tokens: 2 });
  return {
    async caption(kind) {
      switch (kind) {
        case 'fp32':
          return m.run(img);
        case 'fp32-no-cache':
          return m.run(img, { use_cache: false });
        case 'int8':
          return q.run(img);
        case 'int8-reduce-range':
          return q7.run(img);
      }
    },
    dispose: async () => {
      await Promise.all([m.dispose(), q.dispose(), q7.dispose()]);
    },
  };
}

const isKind = (s: string): s is NativeKind => (NATIVE_KINDS as readonly string[]).includes(s);

/** Answers `GET /__native/<kind>` with one native caption's `{ ms, vision_ms }` (CORS open: the kernel's worker asks). False for any other path. */
export function answerNative(native: NativeBlip, path: string, res: ServerResponse): boolean {
  const m = /^\/__native\/([\w-]+)$/.exec(path);
  if (m === null) return false;
  const headers = {
    'Access-Control-Allow-Origin': '*',
    'Cross-Origin-Resource-Policy': 'cross-origin',
    'Content-Type': 'application/json',
  };
  const kind = m[1]!;
  if (!isKind(kind)) {
    res.writeHead(404, headers).end(JSON.stringify({ error: `no native caption "${kind}"` }));
    return true;
  }
  native.caption(kind).then(
    (r) => res.writeHead(200, headers).end(JSON.stringify({ ms: r.ms, vision_ms: r.vision_ms })),
    (e: unknown) => res.writeHead(500, headers).end(JSON.stringify({ error: e instanceof Error ? e.message : String(e) })),
  );
  return true;
}
