// Deferred typesetting (math-placeholder.ts, typeset-html.ts): a placeholder
// finished later must give exactly the HTML that rendering at once gives.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { formulaLesson } from '../../bench/formula-lesson.ts';
import { countPlaceholders, mathPlaceholder, replacePlaceholders } from './math-placeholder.ts';
import { renderLessonMarkdown, renderLessonMarkdownDeferred } from './render.ts';
import { lessonText, parseOk } from './test-helpers.ts';
import { typesetPendingHtml } from './typeset-html.ts';

const katexCount = (html: string): number => (html.match(/class="katex"/g) ?? []).length;

describe('deferred formulas', () => {
  test('the chapter lesson: every formula deferred, then finished, equals rendering at once', () => {
    const lesson = parseOk(readFileSync('lessons/14-quantization.md', 'utf8'), 'lessons/14-quantization.md');
    const atOnce = renderLessonMarkdown(lesson);
    const formulas = atOnce.reduce((n, html) => n + katexCount(html), 0);
    expect(formulas).toBeGreaterThan(40);
    const deferred = renderLessonMarkdownDeferred(lesson, { typesetFirst: 0 });
    expect(deferred.deferred).toBe(formulas);
    expect(deferred.html.reduce((n, html) => n + katexCount(html), 0)).toBe(0);
    expect(deferred.html.reduce((n, html) => n + countPlaceholders(html), 0)).toBe(formulas);
    expect(deferred.html.map(typesetPendingHtml)).toEqual(atOnce);
  });

  test('the first typesetFirst formulas, in reading order, are typeset at once', () => {
    const lesson = parseOk(lessonText(['$a$ and $b$', '', '```ts', '1', '```', '', '$$', 'c', '$$', '', 'and $d$']));
    const { html, deferred } = renderLessonMarkdownDeferred(lesson, { typesetFirst: 2 });
    expect(deferred).toBe(2);
    expect(html.map(katexCount)).toEqual([2, 0, 0]);
    expect(html[2]).toBe(`${mathPlaceholder('c\n', true)}<p>and ${mathPlaceholder('d', false)}</p>\n`);
    expect(html.map(typesetPendingHtml)).toEqual(renderLessonMarkdown(lesson));
  });

  test('TeX with markup characters, bad formulas and $$ inside a line survive the placeholder', () => {
    const body = ['$a < b \\text{"x" & <y>}$, $\\frac{1}{$ bad, so $$\\sum_i x_i$$ inline', '', '$$', '\\left( x', '$$'];
    const lesson = parseOk(lessonText(body));
    const { html, deferred } = renderLessonMarkdownDeferred(lesson, { typesetFirst: 0 });
    expect(deferred).toBe(4);
    expect(html[0]).not.toContain('<y>');
    expect(html.map(typesetPendingHtml)).toEqual(renderLessonMarkdown(lesson));
    expect(renderLessonMarkdown(lesson)[0]).toContain('katex-error');
  });

  test('a lesson cannot forge a placeholder: raw HTML and code that look like one stay text', () => {
    const fake = '<span class="math-pending" data-tex="x">x</span>';
    const lesson = parseOk(lessonText([fake, '', `\`${fake}\``]));
    const html = renderLessonMarkdown(lesson);
    expect(html.map(countPlaceholders)).toEqual([0]);
    expect(html.map(typesetPendingHtml)).toEqual(html);
  });

  test('replacePlaceholders hands each formula its TeX and display flag', () => {
    const seen: string[] = [];
    const out = replacePlaceholders(
      `<p>${mathPlaceholder('x&"<', false)}</p>\n${mathPlaceholder('y', true)}z`,
      (tex, display) => (seen.push(`${tex}|${display}`), `[${display ? 'D' : 'I'}]`),
    );
    expect(seen).toEqual(['x&"<|false', 'y|true']);
    expect(out).toBe('<p>[I]</p>\n[D]z');
  });

  test('the generated 5 MB lesson of the bench holds the formulas it says (first 40 sections)', () => {
    const { text, formulas } = formulaLesson(20_000);
    const lesson = parseOk(text);
    const { html, deferred } = renderLessonMarkdownDeferred(lesson, { typesetFirst: 10 });
    expect(deferred).toBe(formulas - 10);
    expect(html.reduce((n, h) => n + katexCount(h), 0)).toBe(10);
    expect(html.map(typesetPendingHtml).reduce((n, h) => n + katexCount(h), 0)).toBe(formulas);
  });
});
