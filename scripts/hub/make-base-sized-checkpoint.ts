// A BLIP-base-sized checkpoint with random weights, in the Hub's layout, for
// `npm run bench hub` (never committed): config.json (blip-base's architecture,
// app/models/hub/fixtures/blip-base-config.json), model.safetensors and
// pytorch_model.bin (989,660,400 bytes of tensors each: 472 parameters + the
// position_ids buffer; the .bin also has the decoder.bias alias), written by
// our own writers, which torch.load reads (checked when they were written).
// No torch needed. Run alone: npx tsx scripts/hub/make-base-sized-checkpoint.ts [dir]
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseBlipConfig } from '../../app/models/hub/blip-config.ts';
import { DECODER_BIAS, expectedBlipTensors, PREDICTIONS_BIAS } from '../../app/models/hub/blip-inventory.ts';
import type { TensorToWrite } from '../../app/models/hub/safetensors-write.ts';
import { writeSafetensors } from '../../app/models/hub/safetensors-write.ts';
import { stateDict, writeTorchBin } from '../../app/models/hub/torch-bin-write.ts';

const root = resolve(fileURLToPath(import.meta.url), '..', '..', '..');
export const BASE_SIZED_DIR = join(root, 'bench-results', 'hub-blip-base-sized');
const CONFIG = join(root, 'app', 'models', 'hub', 'fixtures', 'blip-base-config.json');

/** Uniform floats in ±0.05 from xorshift32 (fast; the values only need to be weights-like). */
function randomFloats(seed: number): (into: Uint8Array) => void {
  let s = seed >>> 0 || 1;
  return (into) => {
    const f = new Float32Array(into.buffer, into.byteOffset, into.length / 4);
    for (let i = 0; i < f.length; i++) {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      f[i] = ((s >>> 0) / 4294967296 - 0.5) * 0.1;
    }
  };
}

function tensors(): TensorToWrite[] {
  const config = parseBlipConfig(JSON.parse(readFileSync(CONFIG, 'utf8')), 'blip-base config.json');
  return expectedBlipTensors(config).map((t, i) =>
    t.kind === 'buffer'
      ? {
          name: t.name,
          dtype: 'int64',
          shape: t.shape,
          data: (into: Uint8Array) =>
            new BigInt64Array(into.buffer, into.byteOffset, into.length / 8).forEach((_, j, a) => (a[j] = BigInt(j))),
        }
      : { name: t.name, dtype: 'float32', shape: t.shape, data: randomFloats(i + 1) },
  );
}

/** Writes the files unless they exist already; returns the folder. */
export function makeBaseSizedCheckpoint(dir = BASE_SIZED_DIR, log: (line: string) => void = console.log): string {
  mkdirSync(dir, { recursive: true });
  copyFileSync(CONFIG, join(dir, 'config.json'));
  const st = join(dir, 'model.safetensors');
  const bin = join(dir, 'pytorch_model.bin');
  if (!existsSync(st)) {
    log(`writing ${st} …`);
    writeFileSync(st, writeSafetensors(tensors()));
  }
  if (!existsSync(bin)) {
    log(`writing ${bin} …`);
    const { storages, views } = stateDict(tensors(), new Map([[DECODER_BIAS, PREDICTIONS_BIAS]]));
    writeFileSync(bin, writeTorchBin(storages, views));
  }
  return dir;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) makeBaseSizedCheckpoint(process.argv[2]);
