// `npm run bench` as a user runs it: scripts/bench.ts under tsx imports every bench module (and
// through them the app's code) before it looks at its arguments, so an import Node cannot load
// (a Vite-only `?url` asset reached from code the bench runs in Node) fails here, and a
// misspelt section is an error that lists the sections instead of an empty table.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('npm run bench, from the command line', () => {
  it('loads every section under Node and refuses an unknown section, listing the sections', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/bench.ts', 'blip-hubb'], { encoding: 'utf8', timeout: 120_000 });
    expect(r.stderr.trim()).toBe(
      "npm run bench: no section 'blip-hubb'; the sections are notebook, numeric, models, blip, blip-hub, blip-hub-cold, big, hub, outputs, wasm-gemm, vision-wasm, decoder-wasm (none: all)",
    );
    expect(r.status).toBe(2);
  }, 150_000);
});
