// Every console page at desktop and phone width: a screenshot each (ARTIFACT_DIR), axe-core with no serious or
// critical violation, and no English word or internal identifier in the text an operator reads.
import { chromium } from 'playwright-core';
import { readFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const { CONSOLE_URL, OPERATOR_KEY, SUBMISSION_ID, ARTIFACT_DIR } = process.env;
mkdirSync(ARTIFACT_DIR, { recursive: true });

const viewports = { desktop: { width: 1366, height: 900 }, phone: { width: 390, height: 844 } };
const pages = [
  ['signin', '/signin'],
  ['queue', '/'],
  ['queue-unreviewed-unassigned', '/?reviewed=no&assignee=-'],
  ['submission', `/submissions/${SUBMISSION_ID}`],
  ['preview', `/submissions/${SUBMISSION_ID}/preview`],
  ['audit', '/audit'],
  ['district', '/district?district=500107&year=2023'],
  ['district-opening', '/district'],
  ['district-bad-year', '/district?district=500107&year=1999'],
  ['not-found', '/no-such-page'],
];
// Codes and units operators read as they are printed (table keys, rule and finding codes, file formats): the one
// allow-list, BudgetMesh.Testing's OperatorText.AllowedPattern, passed in by BrowserTests. Submitter text (narrative,
// table cells, names) and hashes are skipped by selector below.
const allowed = new RegExp(process.env.ALLOWED_WORDS);
const verbatim = '.narrative, table.grid td, table.fields td, code, [data-verbatim], header form span, iframe';

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
const problems = [];
try {
  // bypassCSP only so axe can be injected; the console's own pages run no inline script.
  const context = await browser.newContext({ bypassCSP: true, viewport: viewports.desktop });
  const page = await context.newPage();
  await page.goto(`${CONSOLE_URL}/signin`);
  await page.fill('input[name=key]', OPERATOR_KEY);
  await page.click('button[type=submit]');
  await page.waitForSelector('#submissions');
  for (const [name, path] of pages) {
    for (const [width, viewport] of Object.entries(viewports)) {
      await page.setViewportSize(viewport);
      await page.goto(`${CONSOLE_URL}${path}`);
      await page.screenshot({ path: join(ARTIFACT_DIR, `${name}-${width}.png`), fullPage: true });
      if (width === 'phone') {
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        if (overflow > 2) problems.push(`${name} (phone): the page is ${overflow}px wider than the screen`);
        continue;
      }
      await page.evaluate(axeSource);
      const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
      for (const v of result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')) {
        problems.push(`${name}: axe ${v.impact} ${v.id} (${v.nodes.length}): ${v.nodes.slice(0, 2).map(n => n.target.join(' ')).join(' | ')}`);
      }
      const words = await page.evaluate((skip) => {
        const found = new Set();
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          if (node.parentElement.closest(skip) || node.parentElement.closest('script,style')) continue;
          for (const word of node.textContent.match(/[A-Za-z][A-Za-z0-9_-]*/g) ?? []) found.add(word);
        }
        for (const el of document.querySelectorAll('[title],[placeholder],[aria-label],input[type=submit],button')) {
          for (const attr of ['title', 'placeholder', 'aria-label']) {
            if (el.closest(skip)) continue;
            for (const word of (el.getAttribute(attr) ?? '').match(/[A-Za-z][A-Za-z0-9_-]*/g) ?? []) found.add(word);
          }
        }
        return [...found];
      }, verbatim);
      const english = words.filter(w => !allowed.test(w));
      if (english.length > 0) problems.push(`${name}: English or internal words ${JSON.stringify(english)}`);
    }
  }
} finally {
  await browser.close();
}
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(JSON.stringify({ ok: true, pages: pages.length }));
