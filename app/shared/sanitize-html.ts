// The one HTML sanitiser of the page (and of the HTML/ipynb exports, which run
// on the page): DOMPurify removes scripts and event handlers; then every URL
// that would make the browser fetch something from another host by itself is
// taken out (tracking pixels, remote fonts/style sheets, frames), with a
// visible placeholder that says where it pointed. Links stay (a click is the
// student asking) and open in a new tab without referrer. Page only: DOMPurify
// needs a real DOM (under linkedom it returns its input unchanged).
import createDOMPurify from 'dompurify';
import { blockedText, isRemoteResourceUrl, remoteCssUrls, srcsetUrls, type BlockedKind, type UrlContext } from './remote-url.ts';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Elements that can send a request or navigate by themselves, with nothing to show: gone, children kept (a form's text stays). */
const FORBID_TAGS = [
  'form',
  'link',
  'meta',
  'base',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'portal',
  'fencedframe',
  'script',
  'noscript',
];
/** Attributes that send requests or submit (and inline handlers DOMPurify already drops). */
const FORBID_ATTR = [
  'ping',
  'action',
  'formaction',
  'form',
  'http-equiv',
  'imagesrcset',
  'attributionsrc',
  'lowsrc',
  'dynsrc',
  'codebase',
  'archive',
  'manifest',
  'longdesc',
];
/** Attributes whose value the browser loads as a resource. */
const RESOURCE_ATTRS = ['src', 'href', 'xlink:href', 'poster', 'background', 'data'];
/** Elements replaced whole by a placeholder when their resource is remote. */
const REPLACED: Readonly<Record<string, BlockedKind>> = {
  img: 'image',
  image: 'image',
  input: 'image',
  feimage: 'image',
  picture: 'image',
  video: 'media',
  audio: 'media',
  source: 'media',
  track: 'media',
  use: 'resource',
  script: 'resource',
};
/** Elements whose href is a link the student clicks, not a fetch. */
const LINKS = new Set(['a', 'area']);

let purifier: ReturnType<typeof createDOMPurify> | undefined;

function pageContext(): UrlContext {
  return { origin: location.origin, base: location.href };
}

export interface SanitizeOptions {
  /** Whose URLs count as the app's own; default the page's origin. */
  readonly context?: UrlContext;
  /** More attributes to drop (a figure's inner aria-label, which its <figure> already carries). */
  readonly forbidAttr?: readonly string[];
}

/** Clean HTML or SVG for the page: no script, no handler, no form, no request to another host. */
export function sanitizeHtml(html: string, options: SanitizeOptions = {}): string {
  const context = options.context ?? pageContext();
  purifier ??= createDOMPurify(window);
  // RETURN_DOM: the body of DOMPurify's own inert document, where no image loads
  // while the remote URLs are taken out below (an imported node would start loading).
  const body = purifier.sanitize(html, {
    USE_PROFILES: { html: true, svg: true, svgFilters: true, mathMl: true },
    FORBID_TAGS,
    FORBID_ATTR: [...FORBID_ATTR, ...(options.forbidAttr ?? [])],
    RETURN_DOM: true,
  });
  if (!(body instanceof HTMLElement)) throw new Error('DOMPurify returned no element');
  blockRemote(body, context);
  return body.innerHTML;
}

function blockRemote(root: HTMLElement, context: UrlContext): void {
  const notes: string[] = [];
  for (const element of Array.from(root.querySelectorAll('*'))) {
    if (!root.contains(element)) continue; // inside an element already replaced
    const tag = element.localName.toLowerCase();
    if (tag === 'style') {
      const remote = remoteCssUrls(element.textContent, context);
      if (remote.length > 0) {
        element.replaceWith(placeholder(element, 'style', remote[0] ?? ''));
        continue;
      }
    }
    const blocked = blockedAttributes(element, tag, context);
    if (blocked === null) continue;
    const replacedKind = REPLACED[tag];
    if (replacedKind !== undefined && blocked.element) element.replaceWith(placeholder(element, replacedKind, blocked.urls[0] ?? ''));
    else notes.push(...blocked.urls);
  }
  // Remote URLs in attributes of elements that stay (a style's background, a srcset, a poster): one note at the end.
  if (notes.length > 0) {
    const note = root.ownerDocument.createElement('p');
    note.className = 'blocked-resource';
    note.textContent = notes.map((u) => blockedText('resource', u)).join(' ');
    root.append(note);
  }
}

/** Removes the element's remote-URL attributes; says which URLs and whether its main resource (src/href) was one. */
function blockedAttributes(element: Element, tag: string, context: UrlContext): { urls: string[]; element: boolean } | null {
  const urls: string[] = [];
  let main = false;
  for (const { name, value } of Array.from(element.attributes)) {
    const lower = name.toLowerCase();
    if (LINKS.has(tag) && (lower === 'href' || lower === 'xlink:href')) {
      if (isRemoteResourceUrl(value, context)) {
        element.setAttribute('rel', 'noopener noreferrer');
        element.setAttribute('target', '_blank');
      }
      continue;
    }
    let remote: string[] = [];
    if (RESOURCE_ATTRS.includes(lower)) remote = isRemoteResourceUrl(value, context) ? [value] : [];
    else if (lower === 'srcset') remote = srcsetUrls(value).filter((u) => isRemoteResourceUrl(u, context));
    else if (/url\(|image-set|@import|\\/i.test(value)) remote = remoteCssUrls(value, context);
    if (remote.length === 0) continue;
    element.removeAttribute(name);
    urls.push(...remote);
    // The element's own resource (an <img src>, an SVG <image href>): the placeholder takes its place.
    if ((RESOURCE_ATTRS.includes(lower) && lower !== 'poster' && lower !== 'background') || lower === 'srcset') main = true;
  }
  return urls.length === 0 ? null : { urls, element: main };
}

/** Visible text where the element was: a span in HTML, a <text> in SVG. */
function placeholder(element: Element, kind: BlockedKind, url: string): Element {
  const doc = element.ownerDocument;
  const text = blockedText(kind, url);
  if (element.namespaceURI === SVG_NS && element.localName.toLowerCase() !== 'svg') {
    const svgText = doc.createElementNS(SVG_NS, 'text');
    for (const attr of ['x', 'y']) {
      const v = element.getAttribute(attr);
      if (v !== null) svgText.setAttribute(attr, v);
    }
    if (!svgText.hasAttribute('y')) svgText.setAttribute('y', '1em');
    svgText.setAttribute('class', 'blocked-resource');
    svgText.textContent = text;
    return svgText;
  }
  const span = doc.createElement('span');
  span.className = 'blocked-resource';
  span.textContent = text;
  return span;
}
