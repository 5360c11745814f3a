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
  await cell.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SCREENSHOT_DIR, '02-submission-findings.png'), fullPage: true });

  await page.fill('#approve-form input[name=comment]', '浏览器测试批准');
  await page.click('#approve');
  await page.waitForSelector('#flash');
  const status = await page.locator('#status').textContent();
  if (status !== '已批准，待发布') fail(`status after approval is "${status}"`);
  await page.screenshot({ path: join(SCREENSHOT_DIR, '03-approved.png'), fullPage: true });
  console.log(JSON.stringify({ ok: true, status }));
} finally {
  await context.close();
}
