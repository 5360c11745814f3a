// Opens published pages in Debian's Chromium (never a downloaded browser) and reports what a reader would see.
// Usage: node check-page.mjs '{"pages":[{"name":"001","url":"http://…/index.html"}],"out":"/dir"}'
// Prints one JSON object: per page and viewport, the tables present and visible, whether any script ran, whether
// Chinese glyphs render (not tofu), whether the page itself overflows sideways, the screenshot path, and (at desktop
// width) axe-core's serious and critical violations and the ASCII words the website's own text uses.
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
// What the website itself writes must read in Chinese; what the department submitted (names, narrative, table
// cells, the contact line) and the content hash are printed as given, so the word scan skips them.
const verbatim = 'h1, .meta, .narrative .text, .narrative .heading, table.grid td, table.fields td, .note, .empty, footer, ul.list li > a, title';

const config = JSON.parse(process.argv[2]);
const viewports = [
  { name: 'desktop', width: 1366, height: 900 },
  { name: 'phone', width: 390, height: 844 },
];
mkdirSync(config.out, { recursive: true });
const profile = mkdtempSync(join(tmpdir(), 'budgetmesh-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const results = [];
try {
  for (const target of config.pages) {
    for (const viewport of viewports) {
      const page = await context.newPage();
      await page.setViewportSize({ width: viewport.width, height: viewport.height });
      let dialogs = 0;
      const errors = [];
      page.on('dialog', async (dialog) => { dialogs++; await dialog.dismiss(); });
      page.on('pageerror', (error) => errors.push(String(error)));
      const response = await page.goto(target.url, { waitUntil: 'load' });
      const report = await page.evaluate(() => {
        // Two different characters drawn in the page's font: missing glyphs (tofu) come out identical.
        const ink = (text) => {
          const canvas = document.createElement('canvas');
          canvas.width = 64; canvas.height = 64;
          const g = canvas.getContext('2d');
          g.fillStyle = '#fff'; g.fillRect(0, 0, 64, 64);
          g.fillStyle = '#000'; g.font = `48px ${getComputedStyle(document.body).fontFamily}`;
          g.fillText(text, 4, 52);
          return Array.from(g.getImageData(0, 0, 64, 64).data.filter((_, i) => i % 4 === 0)).map((v) => (v < 128 ? 1 : 0)).join('');
        };
        const a = ink('预'); const b = ink('算');
        const tables = Array.from(document.querySelectorAll('section.annex')).map((s) => {
          const box = s.querySelector('table.grid').getBoundingClientRect();
          return { key: s.dataset.table, visible: box.width > 0 && box.height > 0 };
        });
        return {
          title: document.title,
          tables,
          xss: window.__xss ?? null,
          scripts: document.querySelectorAll('script').length,
          images: document.querySelectorAll('img').length,
          cjkInk: a.includes('1') && b.includes('1'),
          cjkDistinct: a !== b,
          pageOverflows: document.documentElement.scrollWidth > window.innerWidth + 1,
          text: document.body.innerText.slice(0, 20000),
        };
      });
      let axe = [];
      let words = [];
      if (viewport.name === 'desktop') {
        // The page's CSP forbids scripts; axe runs as an isolated evaluation of the test, not as page script.
        await page.evaluate(axeSource);
        const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
        axe = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${v.impact} ${v.id}: ${v.nodes.slice(0, 2).map((n) => n.target.join(' ')).join(' | ')}`);
        words = await page.evaluate((skip) => {
          const found = new Set();
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            if (node.parentElement.closest(skip) || node.parentElement.closest('script,style')) continue;
            for (const word of node.textContent.match(/[A-Za-z][A-Za-z0-9_-]*/g) ?? []) found.add(word);
          }
          return [...found];
        }, verbatim);
      }
      const screenshot = join(config.out, `${target.name}-${viewport.name}.png`);
      await page.screenshot({ path: screenshot, fullPage: viewport.name === 'phone' ? false : true });
      results.push({ page: target.name, viewport: viewport.name, status: response.status(), dialogs, errors, screenshot, axe, words, ...report });
      await page.close();
    }
  }
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify(results));
