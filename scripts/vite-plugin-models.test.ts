import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type ViteDevServer } from 'vite';
import { loopbackSibling } from '../app/kernel/frame/origin.ts';

// `npm start` once broke because the plugin answered module imports of the
// manifests with raw JSON: check the dev server the way the page uses it.
describe('the dev server (npm start)', () => {
  let server: ViteDevServer;
  let base = '';
  beforeAll(async () => {
    server = await createServer({ root: resolve(import.meta.dirname, '..'), logLevel: 'silent', server: { port: 0 } });
    await server.listen();
    base = server.resolvedUrls?.local[0] ?? '';
  }, 30_000);
  afterAll(() => server.close());

  it('serves a manifest imported by import.meta.glob as a JavaScript module', async () => {
    const r = await fetch(`${base}models/ppocr-rec/manifest.json?import`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/javascript/);
  });

  it('serves model files taken from npm packages, and committed model files', async () => {
    const onnx = await fetch(`${base}models/ppocr-rec/ch_PP-OCRv4_rec_infer.onnx`, { method: 'HEAD' });
    expect(onnx.status).toBe(200);
    expect(Number(onnx.headers.get('content-length'))).toBe(10822323);
    const committed = await fetch(`${base}models/tiny-blip/config.json`);
    expect(committed.status).toBe(200);
    expect(await committed.json()).toMatchObject({ model_type: 'blip' });
  });

  it('serves the kernel frame on the other loopback site, embeddable by the isolated page', async () => {
    const sibling = loopbackSibling(new URL(base).origin);
    expect(sibling).not.toBeNull();
    const r = await fetch(`${sibling ?? ''}/kernel.html`);
    expect(r.status).toBe(200);
    expect(r.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(r.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    expect(await r.text()).toContain('/app/kernel/frame/host.ts');
  });
});
