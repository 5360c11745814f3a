// What every browser suite that drives the operator console does first: launch Debian's Chromium and sign in
// on the way to a submission. It imports no package: each suite passes in the `chromium` of its own
// playwright-core, because only the suites' folders have node_modules (deploy/install-prereqs.sh installs there).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const fail = (message) => { throw new Error(message); };

/** Debian's Chromium in a throwaway profile; never a downloaded browser. */
export const launchChromium = (chromium) => chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'bm-chromium-')), {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
  viewport: { width: 1400, height: 1000 },
});

/** Signs in with the operator key (screenshot 01-submissions.png) and opens the submission's findings. */
export async function signInAndOpenSubmission(page, { consoleUrl, operatorKey, submissionId, screenshotDir }) {
  await page.goto(`${consoleUrl}/`);
  if (!page.url().includes('/signin')) fail(`expected the sign-in page, got ${page.url()}`);
  await page.fill('input[name=key]', operatorKey);
  await page.click('button[type=submit]');
  await page.waitForSelector('#submissions');
  await page.screenshot({ path: join(screenshotDir, '01-submissions.png'), fullPage: true });

  await page.click(`tr[data-submission="${submissionId}"] a`);
  await page.waitForSelector('#findings');
}
