// Headless Chromium flags for this machine (root, no GPU, closed network):
// shared by playwright.config.ts and the lesson checker / benchmark.
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * A software WebGPU adapter (SwiftShader, Chromium's CPU implementation) for headless runs:
 * the same flags minus --disable-gpu. It proves the WebGPU code path works; its speed says
 * nothing about real GPUs. Used by the webgpu Playwright project and the models bench.
 */
export const webgpuSwiftshaderArgs = [
  ...chromiumArgs.filter((a) => a !== '--disable-gpu'),
  '--enable-unsafe-webgpu',
  '--use-webgpu-adapter=swiftshader',
];
