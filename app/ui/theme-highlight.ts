// Code colours that follow the theme: CodeMirror's default highlight style
// has fixed dark-on-light colours (unreadable on dark and high-contrast
// backgrounds), so each tag's colour is a CSS variable set per theme in
// theme.css, every one at WCAG AA contrast on its theme's code background.
import { HighlightStyle } from '@codemirror/language';
import { tags as t } from '@lezer/highlight';

export const themedHighlightStyle = HighlightStyle.define([
  { tag: t.meta, color: 'var(--hl-meta)' },
  { tag: t.link, textDecoration: 'underline' },
  { tag: t.heading, textDecoration: 'underline', fontWeight: 'bold' },
  { tag: t.emphasis, fontStyle: 'italic' },
  { tag: t.strong, fontWeight: 'bold' },
  { tag: t.strikethrough, textDecoration: 'line-through' },
  { tag: t.keyword, color: 'var(--hl-keyword)' },
  { tag: [t.atom, t.bool, t.url, t.contentSeparator, t.labelName], color: 'var(--hl-atom)' },
  { tag: [t.literal, t.inserted], color: 'var(--hl-literal)' },
  { tag: [t.string, t.deleted], color: 'var(--hl-string)' },
  { tag: [t.regexp, t.escape, t.special(t.string)], color: 'var(--hl-regexp)' },
  { tag: t.definition(t.variableName), color: 'var(--hl-def)' },
  { tag: t.local(t.variableName), color: 'var(--hl-local)' },
  { tag: [t.typeName, t.namespace], color: 'var(--hl-type)' },
  { tag: t.className, color: 'var(--hl-class)' },
  { tag: [t.special(t.variableName), t.macroName], color: 'var(--hl-special)' },
  { tag: t.definition(t.propertyName), color: 'var(--hl-prop)' },
  { tag: t.comment, color: 'var(--hl-comment)' },
  { tag: t.invalid, color: 'var(--hl-invalid)' },
]);
