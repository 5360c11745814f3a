// Drives Debian's Chromium through the whole deployment: sign in to the console, open the seed submission, check a
// known finding sits on its cell, approve it (with the override reason its errors need), wait until the console shows
// it published, follow the link to the page nginx serves and check its tables (its traces: dashboard.spec.mjs).
// Screenshots go to SCREENSHOT_DIR (gitignored). Prints one JSON line with what it saw.
import { chromium } from 'playwright-core';
import { join } from 'node:path';
import { fail, launchChromium, signInAndOpenSubmission } from '../../BudgetMesh.Testing/browser/console-session.mjs';

const { CONSOLE_URL, OPERATOR_KEY, SUBMISSION_ID, SCREENSHOT_DIR, FINDING } = process.env;
const finding = JSON.parse(FINDING);

const context = await launchChromium(chromium);
try {
  const page = await context.newPage();
  await signInAndOpenSubmission(page, { consoleUrl: CONSOLE_URL, operatorKey: OPERATOR_KEY, submissionId: SUBMISSION_ID, screenshotDir: SCREENSHOT_DIR });
  const column = finding.column ? `[data-column="${finding.column}"]` : '';
  const cells = page.locator(`td[data-table="${finding.table}"][data-row-code="${finding.rowCode}"]${column}[data-findings]`);
  if ((await cells.count()) === 0) fail(`no highlighted cell at ${JSON.stringify(finding)}`);
  const cell = cells.first();
  const classes = await cell.getAttribute('class');
  if (!finding.severities.some((severity) => classes.split(' ').includes(`sev-${severity}`))) fail(`the cell at ${JSON.stringify(finding)} has classes "${classes}"`);
  // The cell names its findings by F-number and links to them; one of them is the expected rule's entry.
  const ids = (await cell.getAttribute('data-findings')).split(' ');
  const ofRule = [];
  for (const id of ids) {
    if ((await page.locator(`details.rule[data-rule="${finding.ruleId}"] tr#finding-${id}`).count()) === 1) ofRule.push(id);
  }
  if (ofRule.length === 0) fail(`the cell's findings ${ids.join(' ')} include none of ${finding.ruleId}`);
  if ((await cell.locator(`a[href="#finding-${ofRule[0]}"]`).count()) !== 1) fail(`the cell does not link to its finding ${ofRule[0]}`);
  if ((await page.locator(`details.rule[data-rule="${finding.ruleId}"]`).count()) !== 1) fail(`${finding.ruleId} is not in the findings list`);
  await cell.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SCREENSHOT_DIR, '02-submission-findings.png'), fullPage: true });

  // Approval happens on the publish preview (the website's page, framed); errors are open, so only the override form is offered.
  await page.click('#preview-link');
  await page.waitForSelector('iframe#preview');
  await page.fill('#override-form textarea[name=override_reason]', '浏览器全链路测试：错误已与区县核实');
  await page.fill('#override-form input[name=comment]', '全链路测试批准');
  await page.click('#override-form button[type=submit]');
  await page.waitForSelector('#flash');
  await page.screenshot({ path: join(SCREENSHOT_DIR, '03-approved.png'), fullPage: true });

  // The console has no script: a reload is how an operator sees the publication finish.
  const deadline = Date.now() + 30_000;
  while ((await page.locator('#publication').getAttribute('data-state')) !== 'Published') {
    if (Date.now() > deadline) fail(`not published: "${await page.locator('#publication').textContent()}"`);
    await page.waitForTimeout(300);
    await page.reload();
  }
  const publication = (await page.locator('#publication').textContent()).trim();
  if (!publication.startsWith('已发布')) fail(`the publication reads "${publication}"`);
  const status = (await page.locator('#status').textContent()).trim();
  const link = await page.locator('#publication-link').getAttribute('href');
  await page.screenshot({ path: join(SCREENSHOT_DIR, '04-published.png'), fullPage: true });

  const website = await context.newPage();
  const response = await website.goto(link);
  if (response.status() !== 200) fail(`${link} answered ${response.status()}`);
  const tables = await website.locator('section.annex').evaluateAll((sections) => sections.map((s) => s.getAttribute('data-table')));
  const rows = await website.locator('section.annex table tbody tr').count();
  await website.screenshot({ path: join(SCREENSHOT_DIR, '05-website-page.png'), fullPage: true });

  console.log(JSON.stringify({ ok: true, status, publication, link, tables, rows }));
} finally {
  await context.close();
}
