// Writes the Content-Security-Policy (scripts/csp.ts) into index.html and
// kernel.html right after <meta charset> (a <meta> policy covers only what
// follows it; the charset must stay in the first 1024 bytes). Build only: the dev server injects inline scripts of its own
// (React refresh), which the policy would refuse.
import type { Plugin } from 'vite';
import { kernelFrameCsp, pageCsp } from './csp.ts';

export function cspPlugin(): Plugin {
  let kernelOrigin: string | undefined;
  return {
    name: 'qlab-csp',
    apply: 'build',
    configResolved(config) {
      const configured: unknown = config.env['VITE_KERNEL_ORIGIN'];
      kernelOrigin = typeof configured === 'string' ? configured : undefined;
    },
    transformIndexHtml(html, ctx) {
      const content = ctx.filename.endsWith('kernel.html') ? kernelFrameCsp() : pageCsp({ kernelOrigin });
      const charset = /<meta charset="UTF-8" \/>\n?/i;
      if (!charset.test(html)) throw new Error(`${ctx.filename}: no <meta charset="UTF-8" /> to put the Content-Security-Policy after`);
      return html.replace(
        charset,
        (m) => `${m}    <meta http-equiv="Content-Security-Policy" content="${content.replace(/"/g, '&quot;')}" />\n`,
      );
    },
  };
}
