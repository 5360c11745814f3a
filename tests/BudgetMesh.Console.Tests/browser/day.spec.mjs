// The operator's review day in Debian's Chromium, each step asserted on the page: sign in, filter the queue, open
// a submission, go from a finding to its cell and back with the keyboard, bulk-approve two clean packages, return
// one, approve one with an override and find the override in the audit page, preview then publish, retract and
// publish again from the console. The test's fake Publication acts on approvals and retractions as the real one.
import { chromium } from 'playwright-core';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { fail, launchChromium } from '../../BudgetMesh.Testing/browser/console-session.mjs';

const { CONSOLE_URL, OPERATOR_KEY, SCREENSHOT_DIR, FILTER } = process.env;
const ids = JSON.parse(process.env.SUBMISSIONS);
mkdirSync(SCREENSHOT_DIR, { recursive: true });
const shot = (page, name) => page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
const steps = [];
const step = (name) => steps.push(name);
const text = async (page, selector) => ((await page.locator(selector).first().textContent()) ?? '').trim();

/** Reloads until the page says what is expected: a condition to wait for, never a fixed pause. */
async function reloadUntil(page, selector, expected, what) {
  const deadline = Date.now() + 30000;
  for (;;) {
    const shown = (await page.locator(selector).count()) > 0 ? await text(page, selector) : '';
    if (shown.startsWith(expected)) return shown;
    if (Date.now() > deadline) fail(`${what}: "${selector}" shows "${shown}", not "${expected}"`);
    await page.waitForTimeout(200);
    await page.reload();
  }
}

const context = await launchChromium(chromium);
try {
  const page = await context.newPage();

  // 1. Sign in.
  await page.goto(`${CONSOLE_URL}/`);
  if (!page.url().includes('/signin')) fail(`expected the sign-in page, got ${page.url()}`);
  await page.fill('input[name=key]', OPERATOR_KEY);
  await page.click('button[type=submit]');
  await page.waitForSelector('#submissions');
  if (!(await text(page, 'header')).includes('财政局审核员')) fail('the header does not name the signed-in operator');
  step('signed in');

  // 2. Filter the queue to today's five packages.
  await page.fill('form[role=search] input[name=q]', FILTER);
  await page.click('form[role=search] button[type=submit]');
  await page.waitForURL(/q=/);
  const listed = await page.locator('#queue-body tr[data-submission]').evaluateAll(rows => rows.map(r => r.getAttribute('data-submission')));
  if (listed.length !== 5 || !Object.values(ids).every(id => listed.includes(id))) fail(`the filtered queue lists ${JSON.stringify(listed)}`);
  if ((await page.inputValue('form[role=search] input[name=q]')) !== FILTER) fail('the filter text did not stay in the search box');
  await shot(page, 'day-01-filtered-queue');
  step('filtered the queue');

  // 3. Open a submission from the queue.
  await page.click(`tr[data-submission="${ids.toPublish}"] a`);
  await page.waitForSelector('#findings');
  if (!page.url().includes(ids.toPublish)) fail(`opened ${page.url()}`);
  step('opened a submission');

  // 4. Finding → cell → finding with the keyboard only.
  const cell = page.locator('td[data-table=GF][data-row-code="201"][data-column=total]');
  await page.focus('#finding-F1 a.place');
  await page.keyboard.press('Enter');
  const cellId = await cell.getAttribute('id');
  if (new URL(page.url()).hash !== `#${cellId}`) fail(`Enter on F1's place went to ${page.url()}, not the cell ${cellId}`);
  if (!(await cell.evaluate(el => el.matches(':target')))) fail('the cell is not the target after the jump');
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.activeElement?.getAttribute('href'));
  if (focused !== '#finding-F1') fail(`Tab from the cell focused ${focused}, not its F1 link`);
  await page.keyboard.press('Enter');
  if (new URL(page.url()).hash !== '#finding-F1') fail(`Enter on the cell's F1 went to ${page.url()}`);
  await shot(page, 'day-02-finding-and-cell');
  step('finding to cell and back by keyboard');

  // 4b. Mark it reviewed and assign it to an operator; both show in the queue and filter it.
  await page.click('#review');
  await page.waitForSelector('#flash');
  const reviewed = await text(page, '#reviewed');
  if (!/^已审阅（财政局审核员（操作员），\d{4}-\d\d-\d\d \d\d:\d\d:\d\d）$/.test(reviewed)) fail(`after marking, the page says "${reviewed}"`);
  await page.selectOption('#assignee', '财政局审核员');
  await page.click('#assign');
  await page.waitForSelector('#flash');
  const assigned = await text(page, '#assigned');
  if (!assigned.startsWith('已分派给 财政局审核员（财政局审核员（操作员），')) fail(`after assigning, the page says "${assigned}"`);
  await shot(page, 'day-02b-reviewed-and-assigned');
  await page.goto(`${CONSOLE_URL}/?q=${encodeURIComponent(FILTER)}`);
  await page.selectOption('form[role=search] select[name=reviewed]', 'yes');
  await page.selectOption('form[role=search] select[name=assignee]', '财政局审核员');
  await page.click('form[role=search] button[type=submit]');
  await page.waitForURL(/reviewed=yes/);
  const mine = await page.locator('#queue-body tr[data-submission]').evaluateAll(rows => rows.map(r => r.getAttribute('data-submission')));
  if (mine.length !== 1 || mine[0] !== ids.toPublish) fail(`reviewed and assigned to me, the queue lists ${JSON.stringify(mine)}`);
  const row = `#queue-body tr[data-submission="${ids.toPublish}"]`;
  if ((await text(page, `${row} td[data-reviewed]`)) !== '已审阅' || (await text(page, `${row} td[data-assignee]`)) !== '财政局审核员') {
    fail(`the queue row reads "${await text(page, row)}"`);
  }
  await shot(page, 'day-02c-queue-reviewed-and-mine');
  await page.selectOption('form[role=search] select[name=reviewed]', 'no');
  await page.selectOption('form[role=search] select[name=assignee]', '-');
  await page.click('form[role=search] button[type=submit]');
  await page.waitForURL(/reviewed=no/);
  const rest = await page.locator('#queue-body tr[data-submission]').evaluateAll(rows => rows.map(r => r.getAttribute('data-submission')));
  if (rest.length !== 4 || rest.includes(ids.toPublish)) fail(`not reviewed and unassigned, the queue lists ${JSON.stringify(rest)}`);
  step('marked reviewed and assigned, filtered the queue by both');

  // 5. Bulk-approve the two clean packages.
  await page.goto(`${CONSOLE_URL}/?q=${encodeURIComponent(FILTER)}`);
  await page.check(`#queue-body input[name=pick][value^="${ids.cleanA}:"]`);
  await page.check(`#queue-body input[name=pick][value^="${ids.cleanB}:"]`);
  await page.fill('#bulk-form textarea[name=comment]', '无错误，批量批准');
  await page.click('#bulk-approve');
  await page.waitForSelector('#bulk-summary');
  const bulk = await text(page, '#bulk-summary');
  if (!bulk.startsWith('已批准 2 份，未处理 0 份')) fail(`bulk approval says "${bulk}"`);
  await shot(page, 'day-03-bulk-approved');
  for (const id of [ids.cleanA, ids.cleanB]) {
    await page.goto(`${CONSOLE_URL}/submissions/${id}`);
    const status = await text(page, '#status');
    if (status !== '已批准，待发布') fail(`${id} after bulk approval is "${status}"`);
  }
  step('bulk-approved two clean packages');

  // 6. Return one to its district.
  await page.goto(`${CONSOLE_URL}/submissions/${ids.toReturn}`);
  await page.fill('#return-form textarea[name=comment]', '附件7 口径有误，请更正后重报');
  await page.click('#return');
  await page.waitForSelector('#flash');
  if ((await text(page, '#status')) !== '已退回') fail(`after returning, the status is "${await text(page, '#status')}"`);
  step('returned one');

  // 7. Approve one with errors by an override, then find the override in the audit page.
  await page.goto(`${CONSOLE_URL}/submissions/${ids.withErrors}`);
  await page.click('#preview-link');
  await page.waitForSelector('#override-form');
  await page.fill('#override-form textarea[name=override_reason]', '经核实为模板口径差异，已书面说明');
  await page.fill('#override-form input[name=comment]', '请下次按新模板报送');
  await page.click('#override-approve');
  await page.waitForSelector('#flash');
  if ((await text(page, '#status')) !== '已批准，待发布' && (await text(page, '#status')) !== '已发布') fail(`after the override, the status is "${await text(page, '#status')}"`);
  await page.goto(`${CONSOLE_URL}/audit`);
  await page.selectOption('form[role=search] select[name=action]', 'override');
  await page.fill('form[role=search] input[name=unit]', FILTER);
  await page.click('form[role=search] button[type=submit]');
  await page.waitForURL(/action=override/);
  const overrides = page.locator(`#audit tbody tr[data-action=override][data-submission="${ids.withErrors}"]`);
  if ((await overrides.count()) !== 1) fail(`the audit page lists ${await overrides.count()} overrides for the package`);
  const recorded = (await overrides.first().textContent()) ?? '';
  if (!recorded.includes('越过错误') || !recorded.includes('经核实为模板口径差异') || !recorded.includes('请下次按新模板报送')) fail(`the audit row reads "${recorded}"`);
  await shot(page, 'day-04-audit-override');
  step('override approval found in the audit page');

  // 7b. The reviewed mark and the assignment are in the audit trail, with the operator and the time.
  for (const [action, words] of [['review', '标记为已审阅'], ['assign', '分派给 财政局审核员']]) {
    await page.goto(`${CONSOLE_URL}/audit?action=${action}&unit=${encodeURIComponent(FILTER)}`);
    const entries = page.locator(`#audit tbody tr[data-action=${action}][data-submission="${ids.toPublish}"]`);
    if ((await entries.count()) !== 1) fail(`the audit page lists ${await entries.count()} ${action} entries for the package`);
    const entry = (await entries.first().textContent()) ?? '';
    if (!/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/.test(entry) || !entry.includes('财政局审核员（操作员）') || !entry.includes(words)) fail(`the ${action} audit row reads "${entry}"`);
  }
  await shot(page, 'day-04b-audit-review-assign');
  step('reviewed mark and assignment found in the audit page');

  // 8. Preview, then publish.
  await page.goto(`${CONSOLE_URL}/submissions/${ids.toPublish}`);
  await page.click('#preview-link');
  await page.waitForSelector('iframe#preview');
  const heading = (await page.frameLocator('iframe#preview').locator('h1').textContent()) ?? '';
  if (!heading.includes('重庆市九龙坡区')) fail(`the preview shows "${heading}"`);
  await shot(page, 'day-05-preview');
  await page.fill('#approve-form input[name=comment]', '预览无误，批准发布');
  await page.click('#approve');
  await page.waitForSelector('#flash');
  // Publication tells Intake over the bus once the website has the page: wait for the status to say so.
  await reloadUntil(page, '#status', '已发布', 'publishing');
  if (!(await text(page, '#publication')).startsWith('已发布')) fail(`the publication reads "${await text(page, '#publication')}"`);
  if ((await page.locator('#publication-link').count()) !== 1) fail('no link to the published page');
  step('previewed then published');

  // 9. Retract from the console, then publish again (approve the same content once more, after its preview).
  await page.fill('#retract-form textarea[name=reason]', '附表数据待核实');
  await page.click('#retract');
  await reloadUntil(page, '#status', '已撤回', 'retracting');
  const retracted = await text(page, '#publication');
  if (!retracted.startsWith('已撤回') || !retracted.includes('附表数据待核实')) fail(`after retracting, the publication reads "${retracted}"`);
  await shot(page, 'day-06-retracted');
  await page.click('#preview-link');
  await page.waitForSelector('#approve-form');
  if (!(await text(page, '#approve')).startsWith('重新批准')) fail(`the approve button reads "${await text(page, '#approve')}"`);
  await page.click('#approve');
  await page.waitForSelector('#flash');
  await reloadUntil(page, '#status', '已发布', 'publishing again');
  if (!(await text(page, '#publication')).startsWith('已发布')) fail(`after publishing again, the publication reads "${await text(page, '#publication')}"`);
  await shot(page, 'day-07-published-again');
  step('retracted and published again');

  console.log(JSON.stringify({ ok: true, steps }));
} finally {
  await context.close();
}
