// `:::tip Optional title` … `:::` blocks, rendered as
// <aside class="admonition admonition-tip" role="note"> with a title element.
import container from 'markdown-it-container';
import type { MarkdownIt, PluginWithParams, RendererRule } from 'markdown-it';

// @types/markdown-it-container is written against markdown-it's CommonJS
// typings, which TypeScript sees as a different MarkdownIt type from the ESM
// one imported here; at run time they are the same object.
const containerPlugin = container as unknown as PluginWithParams;

export const ADMONITION_TYPES = ['tip', 'note', 'warning', 'info', 'danger', 'correction'] as const;
export type AdmonitionType = (typeof ADMONITION_TYPES)[number];

const DEFAULT_TITLES: Readonly<Record<AdmonitionType, string>> = {
  tip: 'Tip',
  note: 'Note',
  warning: 'Warning',
  info: 'Info',
  danger: 'Danger',
  correction: 'Correction',
};

function isAdmonitionType(word: string): word is AdmonitionType {
  return (ADMONITION_TYPES as readonly string[]).includes(word);
}

/** `" tip Why bfloat16?"` → `{ type: 'tip', title: 'Why bfloat16?' }`; null if not an admonition. */
export function parseAdmonitionInfo(info: string): { type: AdmonitionType; title: string } | null {
  const match = /^\s*(\S+)\s*(.*?)\s*$/.exec(info);
  const word = match?.[1];
  if (word === undefined || !isAdmonitionType(word)) return null;
  const title = match?.[2] ?? '';
  return { type: word, title: title === '' ? DEFAULT_TITLES[word] : title };
}

export function admonitionPlugin(md: MarkdownIt): void {
  const render: RendererRule = (tokens, idx, _options, env: unknown) => {
    const token = tokens[idx];
    if (token === undefined || token.nesting !== 1) return '</aside>\n';
    const info = parseAdmonitionInfo(token.info);
    if (info === null) return '<aside class="admonition" role="note">\n';
    // The title is inline Markdown so it may hold `code` or $math$.
    const title = md.renderInline(info.title, env);
    return `<aside class="admonition admonition-${info.type}" role="note">\n` + `<p class="admonition-title">${title}</p>\n`;
  };
  md.use(containerPlugin, 'admonition', { validate: (params: string) => parseAdmonitionInfo(params) !== null, render });
}
