// The tests of BlipHubModel's WebAssembly engines (vision encoder and text decoder) in the app, shared by two specs so
// both of Vite's ways of serving the app run them: blip-wasm-engine.spec.ts (the preview build,
// where linear-worker.ts is a bundled asset) and blip-wasm-engine.dev-server.spec.ts (the dev
// server, where it is served as a module). models.from_pretrained loads the shared micro BLIP
// from the stand-in Hub (tests/e2e/stand-in-hub.ts, E2E_HUB_PORT) in the kernel's worker; its
// float32 caption of the shared golden image 0 is transformers' own, encoded and decoded by
// app/wasm's kernels over the app's threads (a LinearPool of nested linear-worker.ts workers +
// the kernel's worker), and the same with onnxruntime's graphs asked for.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { sharedHfBlipDir } from '../../app/models/hub/shared-blip.node.ts';
import { lessonOf, openLesson, outputText, runCell } from './helpers.ts';
import { startStandInHub, type StandInHub } from './stand-in-hub.ts';

interface Golden {
  images: { file: string; greedy: { ids: number[]; caption: string } }[];
}

/** `workerScript`: the path the pool's worker script is fetched from (the build's asset, or the dev server's module). */
export function blipWasmEngineTests(workerScript: RegExp): void {
  const golden = (JSON.parse(readFileSync(join(sharedHfBlipDir(), 'micro-a-golden', 'golden.json'), 'utf8')) as Golden).images[0]!;
  let hub: StandInHub;
  test.beforeAll(async () => {
    hub = await startStandInHub();
  });
  test.afterAll(async () => {
    await hub.close();
  });
  // Without the service worker the page's requests reach the image's route.
  test.use({ serviceWorkers: 'block' });

  test("float32 from_pretrained captions the golden image as transformers does on app/wasm's kernels over the app's threads, and on onnxruntime when asked", async ({
    page,
    context,
  }) => {
    test.setTimeout(180_000);
    await context.route('**/test-images/golden.png', (route) =>
      route.fulfill({ path: join(sharedHfBlipDir(), golden.file), contentType: 'image/png' }),
    );
    // The app's threads: app/models/ort.ts's defaultThreads() (2 on the 2-core machine this was written on).
    await page.goto('/');
    const threads = await page.evaluate(() => Math.max(1, Math.min(4, navigator.hardwareConcurrency)));
    await openLesson(
      page,
      lessonOf(
        `models.hub.endpoint = ${JSON.stringify(hub.url)}\nconst m = await models.from_pretrained("test/micro-a", { log: () => {} })\nprint(m.dtype)`,
        'const r = await m.run("/test-images/golden.png")\nprint(r.caption)\nprint(JSON.stringify(r.ids))\nprint(r.vision_engine)\nprint(r.decoder_engine)',
        'const o = await m.run("/test-images/golden.png", { vision_engine: "onnxruntime", decoder_engine: "onnxruntime" })\nprint(JSON.stringify(o.ids) === JSON.stringify(r.ids), o.vision_engine, o.decoder_engine)\nprint((await m.run("/test-images/golden.png", { vision_engine: "wasm" })).vision_engine)\nconst q = m.quantize_dynamic({ reduce_range: true })\nconst qa = await q.run("/test-images/golden.png")\nconst qo = await q.run("/test-images/golden.png", { vision_engine: "onnxruntime", decoder_engine: "onnxruntime" })\nprint(qa.vision_engine, "|", qa.decoder_engine, "|", JSON.stringify(qa.ids) === JSON.stringify(qo.ids))',
        'await m.to(torch.bfloat16).run("/test-images/golden.png", { vision_engine: "wasm" })',
        'await m.run("/test-images/golden.png", { vision_engine: "gpu" })',
        'print(performance.getEntriesByType("resource").map((e) => new URL(e.name).pathname).filter((p) => p.includes("linear-worker")).join("\\n"))',
      ),
    );
    await runCell(page, 1, 90_000);
    expect(await outputText(page, 1)).toBe('float32');
    await runCell(page, 2, 90_000);
    const s = threads === 1 ? '' : 's';
    expect(await outputText(page, 2)).toBe(
      [
        golden.greedy.caption,
        JSON.stringify(golden.greedy.ids),
        `wasm-relaxed-simd × ${threads} thread${s}`,
        `wasm-relaxed-simd × ${threads} thread${s}`,
      ].join('\n'),
    );
    await runCell(page, 3, 90_000);
    // quantize_dynamic({ reduce_range: true }) on app/wasm's exact int8 kernels: onnxruntime-web's int8 ids. The kernel is
    // i8-u8-fused where Chromium's relaxed dot multiplies u8 × s8 exactly (x86 VNNI), else i8-shift-relaxed
    // (app/wasm/linear-int8.ts's chooseInt8Kernel; tests/e2e/wasm-int8.spec.ts checks the choice against the probe)
    const lines = (await outputText(page, 3)).split('\n');
    expect(lines.slice(0, 2)).toEqual([
      `true onnxruntime-web × ${threads} thread${s} onnxruntime-web × ${threads} thread${s}`,
      `wasm-relaxed-simd × ${threads} thread${s}`,
    ]);
    const [vision, decoder, same] = (lines[2] ?? '').split(' | ');
    expect(lines.length).toBe(3);
    expect(same).toBe('true');
    expect([
      `wasm-relaxed-simd + i8-shift-relaxed × ${threads} thread${s}`,
      `wasm-relaxed-simd + i8-u8-fused × ${threads} thread${s}`,
    ]).toContain(vision);
    expect(decoder).toBe(vision);
    await runCell(page, 4, 30_000);
    expect(await outputText(page, 4)).toBe(
      "TypeError: run(): vision_engine 'wasm' computes the float32 model and quantize_dynamic() only; this one is 'bfloat16 weights' (use vision_engine 'onnxruntime' or leave it out)",
    );
    await runCell(page, 5, 30_000);
    expect(await outputText(page, 5)).toBe(`TypeError: run(): vision_engine must be 'auto', 'wasm', 'onnxruntime' or left out, got "gpu"`);
    // The pool's workers were started from the file Vite made of linear-worker.ts: the kernel's
    // worker fetched it (its resource timings; Playwright sees no request of a nested worker).
    await runCell(page, 6, 30_000);
    const fetched = (await outputText(page, 6)).split('\n');
    expect(fetched.filter((path) => workerScript.test(path)).length).toBeGreaterThanOrEqual(threads > 1 ? 1 : 0);
  });
}
