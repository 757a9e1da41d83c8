// Headless Chromium flags for this machine (root, no GPU, closed network):
// shared by playwright.config.ts and the lesson checker / benchmark.
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
