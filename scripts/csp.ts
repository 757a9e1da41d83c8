// The app's Content-Security-Policy, one per file (Node, build time). It is
// written into index.html and kernel.html as a <meta http-equiv> by
// vite-plugin-csp.ts, so it holds on any static host and offline (the service
// worker serves the same HTML). A policy in a document does not reach a worker
// loaded from its own URL: a worker runs under the policy of its own response,
// and worker scripts are served without one. That is what lets the kernel
// worker compile cells with `new AsyncFunction` while no document may eval.
//
// What each directive is for:
// - Nothing passive leaves the app: images, media, fonts, styles, frames and
//   scripts come from the app itself (data:/blob: for images made on the page).
//   The page sanitiser (app/shared/sanitize-html.ts) already removes remote
//   URLs from output; this catches anything it misses.
// - connect-src allows https: and loopback http: because models.load(url) and
//   the Model lab fetch a folder from whatever host the student names; a static
//   policy cannot list those hosts. Such fetches only come from code the student
//   runs; nothing the app shows by itself (an image, a style sheet) is a fetch.
// - 'wasm-unsafe-eval': onnxruntime-web's and the tokenizer's WebAssembly.
// - style-src 'unsafe-inline': KaTeX writes style attributes, Observable Plot
//   figures carry a <style> element, CodeMirror and React set inline styles.
//   Inline CSS cannot run code, and img-src/font-src stop it from fetching.

export interface CspConfig {
  /** VITE_KERNEL_ORIGIN: where the kernel frame lives (app/kernel/frame/origin.ts); unset: the other loopback site. */
  readonly kernelOrigin?: string | undefined;
}

/** Loopback on any port: the dev server, preview, and the kernel frame's other loopback site. */
const LOOPBACK = ['http://localhost:*', 'http://127.0.0.1:*'];

/** The sites the kernel frame may be loaded from. */
function kernelSources(config: CspConfig): string[] {
  const configured = config.kernelOrigin?.trim();
  if (configured === 'same') return [];
  if (configured) return [new URL(configured).origin];
  return LOOPBACK;
}

const join = (directives: Readonly<Record<string, readonly string[]>>): string =>
  Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.length === 0 ? "'none'" : sources.join(' ')}`)
    .join('; ');

/** The policy of the app's pages (index.html: the notebook, the Model lab, the presenter; speaker.html, the speaker view). */
export function pageCsp(config: CspConfig = {}): string {
  const kernel = kernelSources(config);
  return join({
    'default-src': ["'self'"],
    'script-src': ["'self'", "'wasm-unsafe-eval'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'", 'data:'],
    'media-src': ["'self'", 'data:', 'blob:'],
    'connect-src': [...new Set(["'self'", 'data:', 'blob:', ...kernel, 'https:', ...LOOPBACK])],
    'worker-src': ["'self'", 'blob:'],
    'frame-src': kernel,
    'manifest-src': ["'self'"],
    'object-src': [],
    'base-uri': [],
    'form-action': [],
  });
}

/**
 * The kernel frame's policy (kernel.html, on the other site): it only starts
 * workers and relays messages, so it may load its own scripts and workers and
 * nothing else.
 */
export function kernelFrameCsp(): string {
  return join({
    'default-src': [],
    'script-src': ["'self'"],
    'worker-src': ["'self'"],
    'connect-src': ["'self'"],
    'object-src': [],
    'base-uri': [],
    'form-action': [],
  });
}
