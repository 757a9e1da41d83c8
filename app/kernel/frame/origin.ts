// Where the kernel frame lives. Chromium gives a cross-*site* frame its own
// renderer process (site isolation), so a cell that exhausts the JS heap
// crashes that process, not the tab. A same-origin or sandboxed frame shares
// the tab's process (probed in Chromium 156), so only another site will do.
//
// On a loopback address the other site is free: `localhost` and `127.0.0.1`
// are different sites served by the same server. A deployment on one domain
// can name a second one at build time (VITE_KERNEL_ORIGIN, with
// VITE_APP_ORIGIN set on that second host); without one the kernel runs in a
// worker of the page's own process, as before.

const LOOPBACK_SIBLING: Readonly<Record<string, string>> = { localhost: '127.0.0.1', '127.0.0.1': 'localhost' };

/** The other loopback site on the same scheme and port, or null off loopback. */
export function loopbackSibling(origin: string): string | null {
  const url = new URL(origin);
  const sibling = LOOPBACK_SIBLING[url.hostname];
  if (sibling === undefined) return null;
  url.hostname = sibling;
  return url.origin;
}

export interface KernelOriginConfig {
  /** VITE_KERNEL_ORIGIN: an origin, or `same` to keep the kernel in the page's process. */
  readonly kernelOrigin?: string | undefined;
}

/** The origin to load the kernel frame from, or null for an in-process worker. */
export function kernelFrameOrigin(pageOrigin: string, config: KernelOriginConfig = {}): string | null {
  const configured = config.kernelOrigin?.trim();
  if (configured === 'same') return null;
  if (configured) {
    const origin = new URL(configured).origin;
    return origin === pageOrigin ? null : origin;
  }
  return loopbackSibling(pageOrigin);
}

export interface AppOriginConfig {
  /** VITE_APP_ORIGIN: the page origin allowed to use a kernel frame served from another host. */
  readonly appOrigin?: string | undefined;
}

/** Whether the kernel frame (at `frameOrigin`) accepts requests from a page at `parentOrigin`. */
export function isAllowedParent(parentOrigin: string, frameOrigin: string, config: AppOriginConfig = {}): boolean {
  const configured = config.appOrigin?.trim();
  if (configured && new URL(configured).origin === parentOrigin) return true;
  return loopbackSibling(frameOrigin) === parentOrigin;
}
