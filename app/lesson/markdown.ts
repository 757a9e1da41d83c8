// The one configured markdown-it instance. Parsing (parse.ts) and rendering
// (render.ts) share it so a fence, a math block or an admonition is
// recognised identically by both.
import MarkdownIt, { type StateInline } from 'markdown-it';
import anchor from 'markdown-it-anchor';
import { katex } from '@mdit/plugin-katex';
import { admonitionPlugin } from './admonition.ts';
import { kbdPlugin } from './kbd.ts';
import { tableAlignPlugin } from './table-align.ts';
import { slugify } from './slug.ts';
import { blockedText, isRemoteResourceUrl } from '../shared/remote-url.ts';
import { mathPlaceholder } from './math-placeholder.ts';

/** What render rules read from markdown-it's `env` (see render.ts). */
export interface RenderEnv {
  /** Prefix for lesson image paths: the app's base URL, ending in '/'. */
  baseUrl: string;
  /** markdown-it-anchor keeps the slugs it has handed out here; sharing it keeps ids unique. */
  markdownItAnchor: { slugs: Record<string, boolean> };
  /** Link reference definitions (markdown-it's own), pre-seeded for a whole lesson. */
  references?: Record<string, unknown>;
  /** When set, formulas past the first `typesetLeft` become placeholders (math-placeholder.ts), counted in `deferred`. */
  math?: MathBudget;
}

/** How many more formulas to typeset now, and how many were left as placeholders. */
export interface MathBudget {
  typesetLeft: number;
  deferred: number;
}

function isRenderEnv(env: unknown): env is RenderEnv {
  return typeof env === 'object' && env !== null && 'baseUrl' in env && typeof env.baseUrl === 'string';
}

/** Lesson images live in `public/`: `/images/a.png` and `images/a.png` both mean `<base>images/a.png`. */
export function resolveAssetUrl(src: string, baseUrl: string): string {
  if (/^(?:[a-z][a-z0-9+.-]*:|\/\/|#)/i.test(src)) return src; // absolute URL, data:, fragment
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return base + src.replace(/^(?:\.\/|\/)+/, '');
}

function isExternal(href: string): boolean {
  return /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i.test(href);
}

/**
 * `$$…$$` inside a line of text. The KaTeX plugin only knows `$$` blocks on
 * their own lines; a `<p>` display block cannot sit inside a paragraph, so
 * this renders as inline math in display style.
 */
const inlineDisplayMath = (state: StateInline, silent: boolean): boolean => {
  const start = state.pos;
  if (!state.src.startsWith('$$', start)) return false;
  let close = state.src.indexOf('$$', start + 2);
  while (close > 0 && state.src[close - 1] === '\\') close = state.src.indexOf('$$', close + 1);
  const content = close < 0 ? '' : state.src.slice(start + 2, close);
  if (content.trim() === '') return false;
  if (!silent) state.push('math_inline', 'math', 0).content = `\\displaystyle ${content}`;
  state.pos = close + 2;
  return true;
};

function create(): MarkdownIt {
  // html: false — lessons may not inject markup or scripts.
  // linkify: false — names like `quantize.py` or `model.pt` would become links (.py, .pt are TLDs).
  // typographer: false — keep `...` and quotes literal, as in code output.
  const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
  md.use(katex, {
    delimiters: 'all',
    throwOnError: false, // a bad formula renders as an inline error, not an exception
    logger: () => 'ignore', // KaTeX "strict" warnings would only spam the console
  });
  md.inline.ruler.before('math_inline_dollar', 'math_inline_display', inlineDisplayMath);
  deferMath(md);
  md.use(admonitionPlugin);
  md.use(kbdPlugin);
  md.use(tableAlignPlugin);
  md.use(anchor, { slugify, level: 1, tabIndex: false });

  const renderImage = md.renderer.rules.image;
  md.renderer.rules.image = (tokens, idx, options, env: unknown, self) => {
    const token = tokens[idx];
    if (token !== undefined) {
      const src = token.attrGet('src');
      const baseUrl = isRenderEnv(env) ? env.baseUrl : '/';
      // A lesson loads nothing from another host (a tracking pixel would tell it who reads): the URL is shown instead.
      if (src !== null && isRemoteResourceUrl(src, { origin: null })) {
        return `<span class="blocked-resource">${md.utils.escapeHtml(blockedText('image', src))}</span>`;
      }
      if (src !== null) token.attrSet('src', resolveAssetUrl(src, baseUrl));
      token.attrSet('loading', 'lazy');
    }
    return renderImage ? renderImage(tokens, idx, options, env, self) : self.renderToken(tokens, idx, options);
  };

  md.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
    const href = tokens[idx]?.attrGet('href');
    if (href !== null && href !== undefined && isExternal(href)) {
      // A click is the reader asking; it opens apart from the notebook and tells the other site nothing.
      tokens[idx]?.attrSet('rel', 'noopener noreferrer');
      tokens[idx]?.attrSet('target', '_blank');
    }
    return self.renderToken(tokens, idx, options);
  };
  return md;
}

/** The KaTeX plugin's own rules, kept so a deferred formula is typeset exactly as it would have been. */
let typesetRules: { readonly inline: RenderRule; readonly block: RenderRule } | undefined;
type RenderRule = NonNullable<MarkdownIt['renderer']['rules']['math_inline']>;

/** Past the env's budget, a formula renders as a placeholder with its TeX; without a budget, as KaTeX at once. */
function deferMath(md: MarkdownIt): void {
  const inline = md.renderer.rules.math_inline;
  const block = md.renderer.rules.math_block;
  if (inline === undefined || block === undefined) throw new Error('the KaTeX plugin set no math rules');
  typesetRules = { inline, block };
  const rule =
    (typeset: RenderRule, display: boolean): RenderRule =>
    (tokens, idx, options, env: unknown, self) => {
      const budget = isRenderEnv(env) ? env.math : undefined;
      if (budget !== undefined && budget.typesetLeft <= 0) {
        budget.deferred++;
        return mathPlaceholder(tokens[idx]?.content ?? '', display);
      }
      if (budget !== undefined) budget.typesetLeft--;
      return typeset(tokens, idx, options, env, self);
    };
  md.renderer.rules.math_inline = rule(inline, false);
  md.renderer.rules.math_block = rule(block, true);
}

export const md: MarkdownIt = create();

/** One formula's HTML, exactly as the lesson renderer writes it when it typesets at once (unsanitised). */
export function typesetMath(tex: string, display: boolean): string {
  if (typesetRules === undefined) throw new Error('markdown-it is not configured');
  const { Token } = new md.core.State('', md, {});
  const token = new Token(display ? 'math_block' : 'math_inline', 'math', 0);
  token.content = tex;
  return (display ? typesetRules.block : typesetRules.inline)([token], 0, md.options, createRenderEnv('/'), md.renderer);
}

export function createRenderEnv(baseUrl: string): RenderEnv {
  return { baseUrl, markdownItAnchor: { slugs: {} } };
}
