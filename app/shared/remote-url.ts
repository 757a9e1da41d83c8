// Which URLs in output or lesson HTML would make the browser ask another host
// for something by itself (an image, a style sheet, a font, a frame): the app
// loads nothing from other hosts unless the student asks (a click on a link,
// models.load(url)). Pure string logic: runs on the page, in the worker and in
// Node (the lesson renderer and its tests).

/** What a blocked resource was, for its placeholder. */
export type BlockedKind = 'image' | 'media' | 'frame' | 'style' | 'resource';

export interface UrlContext {
  /** The app's origin (`location.origin` on the page); null when unknown (Node): then every http(s) URL is remote. */
  readonly origin: string | null;
  /** What relative URLs resolve against (`location.href`); defaults to the origin. */
  readonly base?: string;
}

/**
 * Whether loading `url` as a resource would leave the app: true for http(s)
 * on another origin and for every scheme other than data:, blob: and about:
 * (javascript:, file:, ftp:…: never a resource the app needs). Empty and
 * fragment-only URLs stay on the page.
 */
export function isRemoteResourceUrl(url: string, context: UrlContext): boolean {
  const trimmed = url.trim();
  if (trimmed === '' || trimmed.startsWith('#')) return false;
  const base = context.base ?? context.origin ?? undefined;
  let parsed: URL;
  try {
    parsed = base === undefined ? new URL(trimmed) : new URL(trimmed, base);
  } catch {
    // Relative with no base (Node): a path on the app's own server.
    return /^\/\//.test(trimmed);
  }
  switch (parsed.protocol) {
    case 'data:':
    case 'blob:':
    case 'about:':
      return false;
    case 'http:':
    case 'https:':
      return context.origin === null || parsed.origin !== context.origin;
    default:
      return true;
  }
}

/** The visible text that stands where a blocked resource was. */
export function blockedText(kind: BlockedKind, url: string): string {
  const what =
    kind === 'image'
      ? 'image'
      : kind === 'media'
        ? 'video/audio'
        : kind === 'frame'
          ? 'embedded page'
          : kind === 'style'
            ? 'style sheet'
            : 'resource';
  return `[${what} not loaded: ${describeUrl(url)} (this app loads nothing from other hosts)]`;
}

/** A web address is shown (that is where it pointed); a script or other scheme only by name, so no export carries its text. */
function describeUrl(url: string): string {
  const trimmed = url.trim();
  if (/^(?:https?:|\/\/)/i.test(trimmed)) return shortUrl(trimmed);
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed)?.[1];
  return scheme === undefined ? 'a relative URL' : `a ${scheme.toLowerCase()}: URL`;
}

/** Long data-less URLs are cut so a placeholder stays one line. */
function shortUrl(url: string): string {
  const clean = url.trim().replace(/\s+/g, ' ');
  return clean.length > 200 ? `${clean.slice(0, 199)}…` : clean;
}

/**
 * CSS with comments removed and escapes decoded (`u\72l(` is `url(`), so the
 * patterns below see what the browser's CSS parser sees. Only used to find
 * URLs; the original text is what stays (or is dropped whole).
 */
export function normaliseCss(css: string): string {
  return css
    .replace(/\/\*[\s\S]*?(?:\*\/|$)/g, '')
    .replace(/\\([0-9a-fA-F]{1,6})[ \t\n\r\f]?/g, (_, hex: string) => {
      const code = Number.parseInt(hex, 16);
      return code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) ? '\ufffd' : String.fromCodePoint(code);
    })
    .replace(/\\(.)/gs, '$1');
}

/** The URLs a piece of CSS would load: url(), src(), image-set()/image() strings, @import. */
export function cssUrls(css: string): { readonly urls: string[]; readonly imports: boolean } {
  const text = normaliseCss(css);
  const urls: string[] = [];
  const fn = /\b(?:url|src)\(\s*(?:"([^"]*)"|'([^']*)'|([^)"'\s]*))/gi;
  for (const m of text.matchAll(fn)) urls.push(m[1] ?? m[2] ?? m[3] ?? '');
  const sets = /\b(?:-webkit-)?image(?:-set)?\(([^)]*)\)/gi;
  for (const m of text.matchAll(sets)) {
    for (const s of (m[1] ?? '').matchAll(/"([^"]*)"|'([^']*)'/g)) urls.push(s[1] ?? s[2] ?? '');
  }
  const importMatch = /@import\b\s*(?:"([^"]*)"|'([^']*)')?/gi;
  let imports = false;
  for (const m of text.matchAll(importMatch)) {
    imports = true;
    const target = m[1] ?? m[2];
    if (target !== undefined) urls.push(target);
  }
  return { urls, imports };
}

/** The remote URLs in CSS (an @import counts even when it names the app's own file: nothing needs one). */
export function remoteCssUrls(css: string, context: UrlContext): string[] {
  const { urls, imports } = cssUrls(css);
  const remote = urls.filter((u) => isRemoteResourceUrl(u, context));
  if (imports && remote.length === 0) remote.push('@import');
  return remote;
}

/** The URLs of a `srcset` attribute (`a.png 1x, b.png 2x`). */
export function srcsetUrls(srcset: string): string[] {
  return srcset
    .split(/,(?=\s*\S)/)
    .map((candidate) => candidate.trim().split(/\s+/)[0] ?? '')
    .filter((u) => u !== '');
}
