import { expect, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { loopbackSibling } from '../../app/kernel/frame/origin.ts';

/** Open lesson text through the app's own loader (what Import and the lesson checker use). */
export async function openLesson(page: Page, markdown: string, path = 'tests/fixture.md'): Promise<void> {
  await page.goto('/');
  await page.waitForFunction(() => window.__qlab !== undefined);
  const errors = await page.evaluate(([t, p]) => window.__qlab!.openLessonText(t, p), [markdown, path] as const);
  expect(errors).toBeNull();
}

export const cell = (page: Page, n: number): Locator => page.getByRole('region', { name: `Cell ${n}`, exact: true });
export const output = (page: Page, n: number): Locator => cell(page, n).getByRole('region', { name: `Output ${n}`, exact: true });

export async function outputText(page: Page, n: number): Promise<string> {
  return (await output(page, n).locator('pre.out-text').allTextContents()).join('\n');
}

export async function runCell(page: Page, n: number, timeout = 15_000): Promise<void> {
  await cell(page, n).getByRole('button', { name: 'Run cell', exact: true }).click();
  await expect(cell(page, n)).toHaveAttribute('data-status', /^(ok|error|cancelled)$/, { timeout });
}

/** A lesson made of code cells only. */
export function lessonOf(...cells: readonly string[]): string {
  return ['---', 'title: Fixture', '---', '', ...cells.map((c) => `\`\`\`ts\n${c}\n\`\`\`\n`)].join('\n');
}

/** Type into a cell's editor as a student would (after CodeMirror loaded). */
export async function typeInCell(page: Page, n: number, text: string): Promise<void> {
  const editor = cell(page, n).locator('.cm-content');
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(text);
}

/** The code in a cell's editor, one line per editor line. */
export async function editorText(page: Page, n: number): Promise<string> {
  return (await cell(page, n).locator('.cm-line').allTextContents()).join('\n');
}

/**
 * Whether a request stays with the app's own server: its origin, the other
 * loopback site that hosts the kernel frame (app/kernel/frame/origin.ts), or
 * data:/blob: URLs made in the page.
 */
export function isOwnRequest(url: string, appOrigin: string): boolean {
  const { origin, protocol } = new URL(url);
  return origin === appOrigin || origin === loopbackSibling(appOrigin) || protocol === 'data:' || protocol === 'blob:';
}

/**
 * Every Content-Security-Policy violation in any frame of the context (the
 * page, the kernel frame on the other loopback site), as "directive blocked
 * URL at origin" lines, and console messages that report one. Call before
 * the first navigation.
 */
export async function recordCspViolations(context: BrowserContext, page: Page): Promise<string[]> {
  const violations: string[] = [];
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const where = e.sourceFile ? ` from ${e.sourceFile}:${e.lineNumber}` : '';
      console.error(
        `CSP violation: ${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${location.origin}${where}${e.sample ? ` (${e.sample})` : ''}`,
      );
    });
  });
  page.on('console', (m) => {
    const text = m.text();
    if (text.startsWith('CSP violation:') || /Content Security Policy/i.test(text)) violations.push(text);
  });
  return violations;
}

/**
 * Records (and aborts) every request that leaves the app's own server; read
 * the array at the end. A request the Content-Security-Policy refused never
 * left the browser, so it is not counted (the violation recorder sees it).
 */
export async function recordOutsideRequests(context: BrowserContext, page: Page, appOrigin: string): Promise<string[]> {
  const outside: string[] = [];
  await context.route(
    (url) => !isOwnRequest(url.href, appOrigin),
    (route) => {
      if (!outside.includes(route.request().url())) outside.push(route.request().url());
      return route.abort();
    },
  );
  page.on('request', (r) => {
    if (!isOwnRequest(r.url(), appOrigin) && !outside.includes(r.url())) outside.push(r.url());
  });
  page.on('requestfailed', (r) => {
    const at = outside.indexOf(r.url());
    if (r.failure()?.errorText === 'csp' && at >= 0) outside.splice(at, 1);
  });
  return outside;
}
