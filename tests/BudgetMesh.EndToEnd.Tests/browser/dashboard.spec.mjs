// From the console to the Aspire Dashboard: sign in to the console, open the submission, follow its traces link (which
// signs in to the dashboard with its browser token on the way), and read the journey there: the traces filtered by the
// submission's id, and in each trace's waterfall the resources its spans come from. Prints what it saw as JSON.
import { chromium } from 'playwright-core';
import { join } from 'node:path';
import { fail, launchChromium, signInAndOpenSubmission } from '../../BudgetMesh.Testing/browser/console-session.mjs';

const { CONSOLE_URL, OPERATOR_KEY, SUBMISSION_ID, SCREENSHOT_DIR, SERVICES } = process.env;
const wanted = JSON.parse(SERVICES);

/** The resource names of the waterfall rows on screen ("intake: budgetmesh.intake.v1.IntakeService/SubmitPackage"). */
const resourcesOnScreen = (page) => page.locator('.span-bar-label-detail').evaluateAll((labels) =>
  labels.map((label) => label.textContent.trim()).map((text) => text.slice(0, text.indexOf(':')).trim()));

const context = await launchChromium(chromium);
try {
  const page = await context.newPage();
  await signInAndOpenSubmission(page, { consoleUrl: CONSOLE_URL, operatorKey: OPERATOR_KEY, submissionId: SUBMISSION_ID, screenshotDir: SCREENSHOT_DIR });
  // The dashboard's grids render the rows in view: a page this tall shows every trace of a journey and every span of each.
  await page.setViewportSize({ width: 1400, height: 12000 });
  await page.click('#traces-link');
  await page.waitForURL((url) => url.pathname === '/traces' && (url.searchParams.get('filters') ?? '').includes(SUBMISSION_ID), { timeout: 30000 });
  if (page.url().startsWith(CONSOLE_URL)) fail(`the traces link stayed in the console: ${page.url()}`);
  // Each row of the traces grid names its trace in the title of its name cell ("Name: …\nTrace Id: <32 hex>").
  await page.waitForSelector('td[title*="Trace Id:"]', { timeout: 30000 });
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'dashboard-01-traces.png'), clip: { x: 0, y: 0, width: 1400, height: 1000 } });
  const titles = await page.locator('td[title*="Trace Id:"]').evaluateAll((cells) => cells.map((td) => td.getAttribute('title')));
  const dashboard = new URL(page.url()).origin;
  const traces = [...new Set(titles.map((title) => /Trace Id: ([0-9a-f]{32})/.exec(title)?.[1]).filter(Boolean))]
    .map((id) => `${dashboard}/traces/detail/${id}`);

  const seen = new Set();
  const perTrace = {};
  for (const [index, trace] of traces.entries()) {
    await page.goto(trace);
    await page.waitForSelector('.span-bar-label-detail', { state: 'attached', timeout: 30000 });
    if (index === 0) await page.screenshot({ path: join(SCREENSHOT_DIR, 'dashboard-02-trace.png'), clip: { x: 0, y: 0, width: 1400, height: 2000 } });
    const here = [...new Set(await resourcesOnScreen(page))];
    perTrace[trace.slice(trace.lastIndexOf('/') + 1)] = here;
    here.forEach((name) => seen.add(name));
  }

  const missing = wanted.filter((service) => !seen.has(service));
  if (missing.length > 0) fail(`no spans of ${missing.join(', ')} in the submission's traces: ${JSON.stringify({ titles, perTrace })}`);
  console.log(JSON.stringify({ ok: true, traces: traces.length, services: [...seen].sort(), perTrace }));
} finally {
  await context.close();
}
