// Node only (tests, bench): where the shared micro BLIP checkpoint
// (`shared/hf-blip/`, written by transformers 4.27.1's save_pretrained) is.
// CI puts shared/ beside the clone (`../shared` from the repo root); a
// worktree may sit deeper, so every parent is tried; QLAB_HF_BLIP overrides.
// Missing is an error, never a skip: the fidelity tests must not pass vacuously.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export function sharedHfBlipDir(): string {
  const override = process.env['QLAB_HF_BLIP'];
  if (override !== undefined && override !== '') {
    if (!existsSync(join(override, 'micro-a', 'config.json'))) throw new Error(`QLAB_HF_BLIP=${override} has no micro-a/config.json`);
    return override;
  }
  const tried: string[] = [];
  // From app/models/hub up to the filesystem root: <dir>/shared/hf-blip.
  for (let dir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..'); ; dir = dirname(dir)) {
    const candidate = join(dirname(dir), 'shared', 'hf-blip');
    tried.push(candidate);
    if (existsSync(join(candidate, 'micro-a', 'config.json'))) return candidate;
    if (dirname(dir) === dir) break;
  }
  throw new Error(`the shared BLIP checkpoint (shared/hf-blip/micro-a) was not found${process.env['CI'] === 'true' ? ' (CI must provide ../shared beside the clone)' : ''}; looked in ${tried.join(', ')}; set QLAB_HF_BLIP to its folder`);
}

export const readShared = (...parts: string[]): Uint8Array<ArrayBuffer> => {
  const b = readFileSync(join(sharedHfBlipDir(), ...parts));
  // A Buffer may be a slice of Node's shared pool: copy into a buffer of its own, as a fetch would give.
  const out = new Uint8Array(b.length);
  out.set(b);
  return out;
};

export const readSharedJson = (...parts: string[]): unknown => JSON.parse(new TextDecoder().decode(readShared(...parts)));
