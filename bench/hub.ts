// Issue 13's reader figure: the BLIP-base-sized checkpoint's tensors read in
// Node, both formats, MB/s of file bytes (goal ≥ 500 MB/s), median of runs,
// against baselines measured in the same run on the same bytes: reading the
// file from disk (page cache) and a plain copy of its bytes. The checkpoint is
// random weights made by scripts/hub/make-base-sized-checkpoint.ts (not committed).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseBlipConfig } from '../app/models/hub/blip-config.ts';
import { checkBlipCheckpoint } from '../app/models/hub/blip-inventory.ts';
import type { Checkpoint } from '../app/models/hub/checkpoint.ts';
import { readCheckpoint } from '../app/models/hub/read-checkpoint.ts';
import { castFloat } from '../app/models/hub/tensor-data.ts';
import { makeBaseSizedCheckpoint } from '../scripts/hub/make-base-sized-checkpoint.ts';
import { median, type BenchRow } from '../scripts/lib/stats.ts';

const RUNS = 5;
const SECTION = 'hub checkpoint (node)';

function timed(runs: number, f: () => void): number {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    ms.push(performance.now() - t0);
  }
  return median(ms);
}

/** The file as one Uint8Array over its own ArrayBuffer (a large readFileSync Buffer is not pooled). */
const readWhole = (path: string): Uint8Array<ArrayBuffer> => {
  const b = readFileSync(path);
  if (!(b.buffer instanceof ArrayBuffer)) throw new Error('unexpected shared buffer');
  return new Uint8Array(b.buffer, b.byteOffset, b.length);
};

export async function benchHub(): Promise<BenchRow[]> {
  const dir = makeBaseSizedCheckpoint();
  const config = parseBlipConfig(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')), 'config.json');
  const rows: BenchRow[] = [];
  for (const file of ['model.safetensors', 'pytorch_model.bin']) {
    const path = join(dir, file);
    let bytes = readWhole(path);
    const mb = bytes.length / 1e6;
    const rate = (ms: number): number => mb / (ms / 1000);
    // Baselines: a copy of the same bytes in memory, and the file read from the page cache.
    const copyMs = timed(RUNS, () => void bytes.slice());
    const readMs = timed(RUNS, () => {
      bytes = readWhole(path);
    });
    let checkpoint: Checkpoint | undefined;
    const parseMs = timed(RUNS, () => {
      checkpoint = readCheckpoint(bytes, path);
      checkBlipCheckpoint(checkpoint, config);
    });
    const wholeMs = timed(RUNS, () => {
      const c = readCheckpoint(readWhole(path), path);
      checkBlipCheckpoint(c, config);
    });
    const tensors = checkpoint?.tensors.size ?? 0;
    const copied = [...(checkpoint?.tensors.values() ?? [])].filter((t) => t.copied).length;
    // What .to(torch.bfloat16) costs on top: every float tensor rounded to bf16 (one new array each).
    const castMs = timed(3, () => {
      for (const t of checkpoint!.tensors.values()) if (t.dtype === 'float32') castFloat(t, 'bfloat16');
    });
    const base = { section: SECTION } as const;
    rows.push(
      { ...base, name: `${file}: copy of its ${mb.toFixed(0)} MB in memory (baseline)`, value: rate(copyMs), unit: 'MB/s' },
      {
        ...base,
        name: `${file}: readFileSync from the page cache (baseline)`,
        value: rate(readMs),
        unit: 'MB/s',
        ratio: copyMs / readMs,
        baseline: 'vs copy',
      },
      {
        ...base,
        name: `${file}: parse + check → ${tensors} named tensors (${copied} copied), bytes in memory`,
        value: rate(parseMs),
        unit: 'MB/s',
        ratio: copyMs / parseMs,
        baseline: 'vs copy',
        goal: '≥ 500 MB/s',
        met: rate(parseMs) >= 500,
      },
      {
        ...base,
        name: `${file}: readFileSync + parse + check`,
        value: rate(wholeMs),
        unit: 'MB/s',
        ratio: readMs / wholeMs,
        baseline: 'vs readFileSync alone',
        goal: '≥ 500 MB/s',
        met: rate(wholeMs) >= 500,
      },
      {
        ...base,
        name: `${file}: .to(bfloat16) rounding of every weight`,
        value: rate(castMs),
        unit: 'MB/s',
        ratio: copyMs / castMs,
        baseline: 'vs copy',
      },
    );
  }
  return rows;
}
