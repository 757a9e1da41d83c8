// Output and lessons that try to make the browser call another host (tracking
// pixels, remote style sheets, frames, forms): every request is recorded,
// none may leave the app's own server, and the student sees where each
// blocked resource pointed. The Content-Security-Policy stops what the
// sanitiser would miss.
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import type { Ipynb } from '../../app/export/ipynb.ts';
import { lessonOf, openLesson, output, recordCspViolations, recordOutsideRequests, runCell } from './helpers.ts';

// Without the service worker every request the page makes is visible here.
test.use({ serviceWorkers: 'block' });

/** A cell that displays raw HTML/SVG, as a hostile cell can: display() takes anything that looks like an element. */
const displayHtml = (html: string): string => `display({ nodeType: 1, outerHTML: ${JSON.stringify(html)}, getAttribute: () => null })`;

const PIXEL = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const HTML = [
  '<p>before</p><img src="http://example.com/t.png" alt="t">',
  '<div style="background:url(http://example.com/bg.png)">styled</div>',
  '<form action="http://example.com/f"><input name="q" value="typed"><button>Send</button></form>',
  '<a href="https://example.com/docs" ping="http://example.com/ping">docs</a>',
  '<video poster="http://example.com/poster.png"></video><img srcset="http://example.com/s.png 2x">',
  '<iframe src="http://example.com/frame"></iframe><object data="http://example.com/o"></object><embed src="http://example.com/e">',
  '<link rel="stylesheet" href="http://example.com/s.css"><meta http-equiv="refresh" content="0;url=http://example.com/r">',
  '<style>@import "http://example.com/i.css"; p { color: red }</style>',
  `<img src="${PIXEL}" alt="own pixel"><img src="/favicon-none.png" alt="same origin" onerror="this.dataset.e=1">`,
].join('');
const SVG = [
  '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="400" height="60" viewBox="0 0 400 60">',
  '<image href="http://example.com/svg-image.png" x="0" y="20" width="10" height="10"/>',
  '<image xlink:href="http://example.com/xlink.png"/>',
  '<use href="http://example.com/sprite.svg#a"/>',
  '<rect width="5" height="5" style="fill: url(http://example.com/fill.svg#g)"/><rect width="5" height="5" fill="url(#local)"/>',
  '<style>rect { background: u\\72l(http://example.com/escaped.png) }</style>',
  '</svg>',
].join('');

const lesson = `---
title: Hostile fixture
---

A pixel: ![t](http://example.com/track.png) and [the docs](https://example.com/docs).

${lessonOf(displayHtml(HTML), displayHtml(SVG), 'display.markdown("![m](http://example.com/md.png) and ![own](' + PIXEL + ')")')
  .split('---\n')
  .slice(2)
  .join('---\n')}`;

async function openHostile(page: Page): Promise<void> {
  await openLesson(page, lesson, 'lessons/hostile.md');
  for (const n of [1, 2, 3]) await runCell(page, n);
}

test('remote images, styles, frames and forms in output and lesson Markdown send no request and show where they pointed', async ({
  page,
  context,
  baseURL,
}) => {
  const origin = new URL(baseURL ?? 'http://localhost').origin;
  const outside = await recordOutsideRequests(context, page, origin);
  const violations = await recordCspViolations(context, page);
  await openHostile(page);

  const prose = page.locator('.prose').first();
  await expect(prose).toContainText('[image not loaded: http://example.com/track.png (this app loads nothing from other hosts)]');
  const link = prose.getByRole('link', { name: 'the docs' });
  await expect(link).toHaveAttribute('href', 'https://example.com/docs');
  await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
  await expect(link).toHaveAttribute('target', '_blank');

  const html = output(page, 1);
  await expect(html).toContainText('[image not loaded: http://example.com/t.png');
  await expect(html).toContainText('[style sheet not loaded: http://example.com/i.css');
  await expect(html).toContainText('[resource not loaded: http://example.com/bg.png');
  await expect(html).toContainText('[resource not loaded: http://example.com/poster.png');
  await expect(html).toContainText('[image not loaded: http://example.com/s.png');
  await expect(html.locator('form, iframe, object, embed, link, meta, [ping], [style*="url"]')).toHaveCount(0);
  await expect(html.locator('input[name="q"]')).toHaveCount(1); // the form's content stays, inert
  await expect(html.getByRole('link', { name: 'docs' })).toHaveAttribute('target', '_blank');
  await expect(html.locator(`img[src="${PIXEL}"]`)).toHaveCount(1);
  await expect(html.locator('img[src="/favicon-none.png"]')).toHaveCount(1);

  const svg = output(page, 2);
  await expect(svg.locator('svg text.blocked-resource')).toHaveCount(3);
  await expect(svg).toContainText('[image not loaded: http://example.com/svg-image.png');
  await expect(svg).toContainText('[image not loaded: http://example.com/xlink.png');
  await expect(svg.locator('use')).toHaveCount(0); // DOMPurify itself drops a <use> of another document
  await expect(svg).toContainText('[resource not loaded: http://example.com/fill.svg#g');
  await expect(svg).toContainText('[style sheet not loaded: http://example.com/escaped.png');
  await expect(svg.locator('rect[fill="url(#local)"]')).toHaveCount(1);

  const markdown = output(page, 3);
  await expect(markdown).toContainText('[image not loaded: http://example.com/md.png');
  await expect(markdown.locator(`img[src="${PIXEL}"]`)).toHaveCount(1);

  // Every image the page kept has loaded (or failed): any request it made is in `outside` by now.
  await page.waitForFunction(() => Array.from(document.images).every((i) => i.complete));
  expect(outside).toEqual([]);
  // The sanitiser took every URL out before the page saw it: the policy had nothing to refuse. Only the
  // onerror handler is reported: Chromium checks script-src-attr while DOMPurify parses the HTML in its inert
  // document, before DOMPurify drops the attribute; it never runs. (DOMPurify sits in whichever chunk the
  // bundler shares between the page and the speaker view, so the file name is not pinned.)
  expect(
    violations.filter(
      (v) =>
        v.startsWith('CSP violation:') &&
        !/^CSP violation: script-src-attr blocked inline at [^ ]+ from [^ ]+\/assets\/[\w-]+\.js:\d+$/.test(v),
    ),
  ).toEqual([]);
  await expect(html.locator('img[src="/favicon-none.png"]')).not.toHaveAttribute('onerror', /./);
  await expect(html.locator('img[src="/favicon-none.png"]')).not.toHaveAttribute('data-e', /./);
});

test('the Content-Security-Policy refuses a remote image the sanitiser never saw', async ({ page, context, baseURL }) => {
  const origin = new URL(baseURL ?? 'http://localhost').origin;
  const outside = await recordOutsideRequests(context, page, origin);
  const violations = await recordCspViolations(context, page);
  await openLesson(page, lessonOf('print(1)'));
  await page.evaluate(() => {
    const img = document.createElement('img');
    img.src = 'http://example.com/missed.png';
    document.body.append(img);
  });
  await expect.poll(() => violations).toContain(`CSP violation: img-src blocked http://example.com/missed.png at ${origin}`);
  expect(outside).toEqual([]);
});

async function exportAs(page: Page, label: RegExp): Promise<string> {
  await page.getByText('Export', { exact: true }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: label }).click()]);
  return readFile(await download.path(), 'utf8');
}

/** A URL of example.com in a place that would load it (not in the placeholder's text, not a link). */
const LOADING_URL =
  /(?:src|srcset|poster|data|action|ping|background|xlink:href)\s*=\s*["']?[^"'>]*example\.com|url\([^)]*example\.com|<use[^>]*example\.com|<image[^>]*example\.com/i;

test('the HTML and ipynb exports of hostile output carry no script, handler or remote resource', async ({ page }) => {
  await openHostile(page);
  // The cells' code is in the file too, as escaped text: look at everything else.
  const html = (await exportAs(page, /web page/i)).replace(/<pre class="code"><code>[\s\S]*?<\/code><\/pre>/g, '');
  expect(html).toContain('[image not loaded: http://example.com/t.png');
  expect(html).not.toMatch(/<script|<iframe|<form|<object|<embed|onerror=|javascript:/i);
  expect(html).not.toMatch(LOADING_URL);

  const nb: Ipynb = JSON.parse(await exportAs(page, /Jupyter/));
  const rich = nb.cells
    .flatMap((c) => (c.cell_type === 'code' ? c.outputs : []))
    .flatMap((o) =>
      o.output_type === 'display_data'
        ? Object.entries(o.data)
            .filter(([mime]) => mime !== 'text/plain')
            .map(([, v]) => (Array.isArray(v) ? v.join('') : v))
        : [],
    );
  expect(rich.length).toBeGreaterThanOrEqual(3);
  for (const part of rich) {
    expect(part).not.toMatch(/<script|<iframe|<form|onerror=|javascript:/i);
    expect(part).not.toMatch(LOADING_URL);
  }
  expect(rich.join('')).toContain('[image not loaded: http://example.com/svg-image.png');
});
