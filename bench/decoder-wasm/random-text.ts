// The text decoder's tensors of a BlipForConditionalGeneration with seeded random weights (runs in
// the bench page): weights ±0.04, biases ±0.02, LayerNorm scales near 1, and the LM head's [SEP]
// bias −1000 so that every greedy caption runs its full 19 tokens (as scripts/make-blip-base-random.ts
// does). The same seed in every page gives the same model.
import { seededRandom } from '../../app/shared/seeded-random.ts';
import type { CheckpointTensor } from '../../app/models/blip-hub/checkpoint-weights.ts';
import type { BlipTextSizes } from '../../app/models/blip-hub/config.ts';

export function randomText(t: BlipTextSizes): Map<string, CheckpointTensor> {
  const random = seededRandom(2026);
  const tensors = new Map<string, CheckpointTensor>();
  const add = (name: string, shape: readonly number[], centre = 0, spread = 0.04): Float32Array => {
    const n = shape.reduce((a, b) => a * b, 1);
    const values = new Float32Array(n);
    for (let i = 0; i < n; i++) values[i] = centre + (random() * 2 - 1) * spread;
    tensors.set(name, { name, dtype: 'F32', shape, bytes: new Uint8Array(values.buffer) });
    return values;
  };
  const D = t.hidden;
  const linear = (name: string, inF: number, outF: number): void => {
    add(`${name}.weight`, [outF, inF]);
    add(`${name}.bias`, [outF], 0, 0.02);
  };
  const norm = (name: string): void => {
    add(`${name}.weight`, [D], 1, 0.1);
    add(`${name}.bias`, [D], 0, 0.05);
  };
  const p = 'text_decoder';
  add(`${p}.bert.embeddings.word_embeddings.weight`, [t.vocab, D], 0, 0.5);
  add(`${p}.bert.embeddings.position_embeddings.weight`, [t.maxPositions, D], 0, 0.5);
  norm(`${p}.bert.embeddings.LayerNorm`);
  for (let l = 0; l < t.layers; l++) {
    const L = `${p}.bert.encoder.layer.${l}`;
    for (const part of ['query', 'key', 'value']) linear(`${L}.attention.self.${part}`, D, D);
    linear(`${L}.attention.output.dense`, D, D);
    norm(`${L}.attention.output.LayerNorm`);
    linear(`${L}.crossattention.self.query`, D, D);
    linear(`${L}.crossattention.self.key`, t.encoderHidden, D);
    linear(`${L}.crossattention.self.value`, t.encoderHidden, D);
    linear(`${L}.crossattention.output.dense`, D, D);
    norm(`${L}.crossattention.output.LayerNorm`);
    linear(`${L}.intermediate.dense`, D, t.intermediate);
    linear(`${L}.output.dense`, t.intermediate, D);
    norm(`${L}.output.LayerNorm`);
  }
  const head = `${p}.cls.predictions`;
  linear(`${head}.transform.dense`, D, D);
  norm(`${head}.transform.LayerNorm`);
  add(`${head}.decoder.weight`, [t.vocab, D]);
  add(`${head}.bias`, [t.vocab], 0, 0.02)[t.sep] = -1000;
  return tensors;
}
