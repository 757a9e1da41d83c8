import { expect, test, type Page } from '@playwright/test';
import { readdirSync } from 'node:fs';
import { openLesson } from './helpers.ts';

// Every slide of every lesson fits a 1920×1080 projector at the default text size: the presenter
// never has to scroll (issue 15). Sections too tall for one slide continue on the next.
test.use({ viewport: { width: 1920, height: 1080 } });

const lessons = readdirSync('lessons')
  .filter((f) => f.endsWith('.md'))
  .map((f) => f.replace(/\.md$/, ''));

async function slideOverflow(page: Page): Promise<{ scroll: number; client: number; slug: string | null }> {
  return page
    .locator('main.slide')
    .evaluate((el) => ({ scroll: el.scrollHeight, client: el.clientHeight, slug: el.getAttribute('data-slide') }));
}

for (const lesson of lessons) {
  test(`no slide of ${lesson} scrolls at 1920×1080`, async ({ page }) => {
    test.setTimeout(180_000);
    await page.goto(`/?lesson=${lesson}&slide=intro`);
    const counter = page.getByTestId('slide-counter');
    await expect(counter).toHaveText(/1 \/ \d+/);
    // Editors replace their plain-text stand-in and figures load: wait until the packing settles.
    const settled = page.locator('main.slide[data-layout="settled"]');
    await expect(settled).toHaveCount(1);
    const total = Number(/\/ (\d+)/.exec((await counter.textContent()) ?? '')![1]);
    const seen: string[] = [];
    for (let n = 1; n <= total; n++) {
      await expect(counter).toHaveText(new RegExp(`${n} / ${total}`));
      await expect(settled).toHaveCount(1);
      const o = await slideOverflow(page);
      seen.push(o.slug ?? '');
      expect(o.scroll, `slide ${n} (${o.slug}) is ${o.scroll - o.client}px too tall`).toBeLessThanOrEqual(o.client);
      if (n < total) await page.keyboard.press('ArrowRight');
    }
    // Each slide has its own name in the URL, and it opens that slide.
    expect(new Set(seen).size).toBe(total);
    const last = seen.at(-1)!;
    expect(new URL(page.url()).searchParams.get('slide')).toBe(last);
    await page.goto(`/?lesson=${lesson}&slide=${encodeURIComponent(last)}`);
    await expect(counter).toHaveText(`Slide ${total} / ${total}`);
  });
}

const long = `---
title: Long sections
---

## Many paragraphs

${Array.from({ length: 40 }, (_, i) => `Paragraph ${i + 1} of a section far too long for one slide.`).join('\n\n')}

## Asked for a break

Before the break.

---

After the break.

\`\`\`ts
print("on the second slide of its section")
\`\`\`
`;

test('a section too tall for the screen continues on the next slide; a --- line starts one; the URL names each', async ({ page }) => {
  await openLesson(page, long, 'lessons/long-fixture.md');
  await page.keyboard.press('p');
  const counter = page.getByTestId('slide-counter');
  await expect(counter).toHaveText(/1 \/ \d+/);
  await page.keyboard.press('ArrowRight');
  const slide = page.locator('main.slide');
  await expect(slide).toHaveAttribute('data-slide', 'many-paragraphs');
  await expect(slide.getByText('Paragraph 1 of a section', { exact: false })).toBeVisible();
  await expect(slide.getByText('Paragraph 40 of a section', { exact: false })).toBeHidden();
  await page.keyboard.press('ArrowRight');
  await expect(slide).toHaveAttribute('data-slide', 'many-paragraphs~2');
  expect(new URL(page.url()).searchParams.get('slide')).toBe('many-paragraphs~2');
  await expect(slide.getByText('Paragraph 1 of a section', { exact: false })).toBeHidden();
  // Walk to the section with the break.
  while ((await slide.getAttribute('data-slide')) !== 'asked-for-a-break') await page.keyboard.press('ArrowRight');
  await expect(slide.getByText('Before the break.')).toBeVisible();
  await expect(slide.getByText('After the break.')).toBeHidden();
  await page.keyboard.press('ArrowRight');
  await expect(slide).toHaveAttribute('data-slide', 'asked-for-a-break~2');
  await expect(slide.getByText('After the break.')).toBeVisible();
  await expect(slide.getByRole('region', { name: 'Cell 1', exact: true })).toBeVisible();
  // Back leaves no trace of the hidden slides: one Cell 1 region on the page.
  await expect(page.getByRole('region', { name: 'Cell 1', exact: true })).toHaveCount(1);
});
