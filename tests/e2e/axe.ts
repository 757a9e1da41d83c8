// Accessibility scans with axe-core. Each screen to scan is one entry in
// SCREENS (name + how to get there); the model lab will be one more line.
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

export interface Screen {
  readonly name: string;
  /** Bring the page to the screen, ready to scan. */
  readonly open: (page: Page) => Promise<void>;
}

/** Fails with a readable list of every serious or critical violation. */
export async function expectNoSeriousViolations(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = serious.map(
    (v) =>
      `${v.impact} ${v.id}: ${v.help}\n${v.nodes
        .slice(0, 5)
        .map((n) => `    ${n.target.join(' ')} — ${n.failureSummary ?? ''}`)
        .join('\n')}`,
  );
  expect(report, `axe on ${screen}`).toEqual([]);
}
