// Cross-origin isolation (COOP + COEP) lets the inference runtime use
// WebAssembly threads. Servers should send these headers (README:
// Deploying); where a static host cannot, the service worker adds them to
// every response it serves (the coi-serviceworker technique).
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/** A copy of `response` with the isolation headers; opaque responses cannot be copied and pass as they are. */
export function withIsolationHeaders(response: Response): Response {
  if (response.status === 0 || response.type === 'opaque' || response.type === 'opaqueredirect') return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(ISOLATION_HEADERS)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/**
 * Should the page reload to become isolated? Only when the service worker
 * (which adds the headers) has just taken control, the page is not isolated
 * yet, and we have not already reloaded once — never a loop.
 */
export function shouldReloadForIsolation(state: {
  readonly isolated: boolean;
  readonly controlled: boolean;
  readonly alreadyReloaded: boolean;
}): boolean {
  return state.controlled && !state.isolated && !state.alreadyReloaded;
}
