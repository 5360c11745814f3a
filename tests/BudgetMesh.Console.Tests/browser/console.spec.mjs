// Drives Debian's Chromium through the console: sign in, open the seed submission, check the findings sit on
// the right cells, approve, see the status change. Screenshots go to SCREENSHOT_DIR (gitignored).
import { chromium } from 'playwright-core';
import { join } from 'node:path';
import { fail, launchChromium, signInAndOpenSubmission } from '../../BudgetMesh.Testing/browser/console-session.mjs';

const { CONSOLE_URL, OPERATOR_KEY, SUBMISSION_ID, SCREENSHOT_DIR } = process.env;

const context = await launchChromium(chromium);
try {
  const page = await context.newPage();
  await signInAndOpenSubmission(page, { consoleUrl: CONSOLE_URL, operatorKey: OPERATOR_KEY, submissionId: SUBMISSION_ID, screenshotDir: SCREENSHOT_DIR });
  const cell = page.locator('td[data-table=GF][data-row-code="201"][data-column=total]');
  if (!(await cell.getAttribute('class')).includes('sev-warning')) fail('GF 201 total is not highlighted');
  if ((await cell.locator('.v').textContent()) !== '2,099.40') fail('GF 201 total shows the wrong amount');
  const reception = page.locator('td[data-table=SG][data-column=reception][data-findings]');
  if ((await reception.count()) !== 1) fail('the SG reception cell is not highlighted');
  const sentence = await page.locator('#narrative mark').first().textContent();
  if (sentence !== '“三公”') fail(`the narrative mark is on "${sentence}"`);
  // Finding → cell → finding with the keyboard only: Enter on the finding's place link, Tab to the cell's F-number, Enter.
  await page.focus('#finding-F1 a.place');
  await page.keyboard.press('Enter');
  const cellId = await cell.getAttribute('id');
  if (new URL(page.url()).hash !== `#${cellId}`) fail(`Enter on F1's place went to ${page.url()}, not the cell ${cellId}`);
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.activeElement?.getAttribute('href'));
  if (focused !== '#finding-F1') fail(`Tab from the cell focused ${focused}, not its F1 link`);
  await page.keyboard.press('Enter');
  if (new URL(page.url()).hash !== '#finding-F1') fail(`Enter on the cell's F1 went to ${page.url()}`);
  await cell.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SCREENSHOT_DIR, '02-submission-findings.png'), fullPage: true });

  await page.click('#preview-link');
  await page.waitForSelector('iframe#preview');
  const frame = page.frameLocator('iframe#preview');
  if ((await frame.locator('h1').textContent()).indexOf('重庆市九龙坡区') < 0) fail('the preview does not show the website page');
  await page.screenshot({ path: join(SCREENSHOT_DIR, '03-preview.png'), fullPage: true });
  await page.fill('#approve-form input[name=comment]', '浏览器测试批准');
  await page.click('#approve');
  await page.waitForSelector('#flash');
  const status = await page.locator('#status').textContent();
  if (status !== '已批准，待发布') fail(`status after approval is "${status}"`);
  await page.screenshot({ path: join(SCREENSHOT_DIR, '04-approved.png'), fullPage: true });
  console.log(JSON.stringify({ ok: true, status }));
} finally {
  await context.close();
}
