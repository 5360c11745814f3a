#!/usr/bin/env node
// Builds the Classification service's built-in catalog files from the reference data and from every
// code/name pair the seed packages print. Run once after the reference data or a seed changes:
//   node tools/catalogs/build-catalogs.mjs [tools/catalogs/reference] [tests/fixtures/seeds]
// The output is committed; the service never runs this script.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const referenceDir = path.resolve(process.argv[2] ?? path.join(repo, 'tools/catalogs/reference'));
const seedsDir = path.resolve(process.argv[3] ?? path.join(repo, 'tests/fixtures/seeds'));
const outDir = path.join(repo, 'services/Classification/BudgetMesh.Classification.Rules/Catalogs/2023-2026');

// Printed names that are mistakes of the seed, not catalog facts: they must stay findings.
const knownMislabels = new Set(['201|一般公共预算支出']);

function parseCsv(text) {
  const rows = [];
  let row = [], cell = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\n') { row.push(cell.replace(/\r$/, '')); rows.push(row); row = []; cell = ''; }
    else cell += c;
  }
  if (cell.length || row.length) { row.push(cell); rows.push(row); }
  const [header, ...body] = rows.filter(r => r.length > 1 || r[0] !== '');
  return body.map(r => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

const csvCell = v => /[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
const writeCsv = (file, columns, rows) =>
  fs.writeFileSync(path.join(outDir, file), [columns.join(','), ...rows.map(r => columns.map(c => csvCell(String(r[c] ?? ''))).join(','))].join('\n') + '\n');

// The service's own normalisation (NameNormalizer.cs): full-width ASCII → half-width, whitespace removed.
const normalize = s => [...s].map(ch => {
  const cp = ch.codePointAt(0);
  if (cp >= 0xff01 && cp <= 0xff5e) return String.fromCodePoint(cp - 0xfee0);
  return /\s|\u3000/.test(ch) ? '' : ch;
}).join('');

const schemes = {
  function: { file: 'function_classification.csv', out: 'function.csv' },
  'department-economic': { file: 'dept_economic_classification.csv', out: 'department_economic.csv' },
  'government-economic': { file: 'gov_economic_classification.csv', out: 'government_economic.csv' },
};
const schemeOf = code => ({ 2: 'function', 3: 'department-economic', 5: 'government-economic' })[code[0]];
const levelOf = (scheme, code) => scheme === 'function' ? { 3: 1, 5: 2, 7: 3 }[code.length] : { 3: 1, 5: 2 }[code.length];
const parentOf = code => code.length === 3 ? '' : code.slice(0, code.length - 2);

const catalogs = {};
for (const [scheme, { file }] of Object.entries(schemes)) {
  catalogs[scheme] = new Map(parseCsv(fs.readFileSync(path.join(referenceDir, file), 'utf8')).map(r => [r.code, {
    ...r,
    provenance: r.status === 'read_in_source' ? 'read_in_source' : 'inferred',
    printed_variants: '',
  }]));
}

// Every coded pair a seed prints, with where it was printed.
const pairs = [];
for (const file of fs.readdirSync(seedsDir).filter(f => f.endsWith('.json')).sort()) {
  const seed = `SEED-${file.slice(0, 3)}`;
  const t = JSON.parse(fs.readFileSync(path.join(seedsDir, file), 'utf8')).tables ?? {};
  const add = (table, code, name) => { if (code && name) pairs.push({ seed, table, code: code.trim(), name: name.trim() }); };
  for (const k of ['gf', 'jj', 'gz', 'sr', 'zc', 'jb', 'jbg', 'xmj', 'xmg']) for (const r of t[k]?.rows ?? []) add(k, r.code, r.name);
  for (const r of t.cz?.expenditureByFunction ?? []) add('cz', r.code, r.name);
  for (const r of t.sz?.expenditure ?? []) add('sz', r.code, r.name);
  for (const r of t.xm?.rows ?? []) add('xm', r.functionCode, r.functionName);
  for (const r of t.cg?.rows ?? []) {
    add('cg', r.functionCode, r.functionName);
    add('cg', r.govEconomicCode, r.govEconomicName);
    add('cg', r.deptEconomicCode, r.deptEconomicName);
  }
}

const addSource = (entry, seed) => {
  const sources = entry.sources ? entry.sources.split(';') : [];
  if (!sources.includes(seed)) entry.sources = [...sources, seed].join(';');
};
const report = [];
for (const p of pairs) {
  const scheme = schemeOf(p.code);
  if (!scheme || !levelOf(scheme, p.code)) { report.push(`skipped ${p.seed} ${p.table} ${p.code}: not a catalog code`); continue; }
  if (knownMislabels.has(`${p.code}|${p.name}`)) { report.push(`kept as a finding ${p.seed} ${p.table} ${p.code} "${p.name}"`); continue; }
  const catalog = catalogs[scheme];
  const entry = catalog.get(p.code);
  if (!entry) {
    const parent = parentOf(p.code);
    if (parent && !catalog.has(parent)) throw new Error(`${p.seed} ${p.code}: parent ${parent} unknown`);
    catalog.set(p.code, {
      code: p.code, name: p.name.replace(/\s+/g, ''), level: String(levelOf(scheme, p.code)), parent_code: parent,
      status: '', sources: p.seed, note: `printed in ${p.seed} ${p.table.toUpperCase()}`, provenance: 'from_seed', printed_variants: '',
    });
    report.push(`added from seed ${p.code} ${p.name}`);
    continue;
  }
  if (normalize(entry.name) === normalize(p.name)) {
    addSource(entry, p.seed);
    if (entry.provenance === 'inferred') { entry.provenance = 'read_in_source'; report.push(`confirmed by seed ${p.code} ${entry.name}`); }
    continue;
  }
  const owner = [...catalog.values()].find(e => normalize(e.name) === normalize(p.name));
  if (owner) throw new Error(`${p.seed} ${p.table} ${p.code} prints ${owner.code}'s name "${p.name}": add it to knownMislabels or fix the seed`);
  const variants = entry.printed_variants ? entry.printed_variants.split('|') : [];
  if (!variants.some(v => normalize(v) === normalize(p.name))) {
    entry.printed_variants = [...variants, p.name.replace(/\s+/g, '')].join('|');
    addSource(entry, p.seed);
    report.push(`printed variant ${p.seed} ${p.table} ${p.code}: "${p.name}" (catalog "${entry.name}")`);
  }
}

fs.mkdirSync(outDir, { recursive: true });
const columns = ['code', 'name', 'level', 'parent_code', 'status', 'sources', 'note', 'provenance', 'printed_variants'];
for (const [scheme, { out }] of Object.entries(schemes)) {
  writeCsv(out, columns, [...catalogs[scheme].values()].sort((a, b) => a.code.localeCompare(b.code)));
}

// The mapping: the seeds' procurement rows pair a department code with the government code used for a 机关.
const mapping = parseCsv(fs.readFileSync(path.join(referenceDir, 'dept_to_gov_economic_mapping.csv'), 'utf8'));
const sidesRead = status => ({ adm: /adm_(partly_)?read|^read/.test(status), inst: /inst_(partly_)?read/.test(status) });
for (const m of mapping) {
  const read = sidesRead(m.status);
  m.administrative_provenance = m.gov_code_administrative ? (read.adm ? 'read_in_source' : 'inferred') : '';
  m.public_institution_provenance = m.gov_code_public_institution ? (read.inst ? 'read_in_source' : 'inferred') : '';
}
for (const file of fs.readdirSync(seedsDir).filter(f => f.endsWith('.json')).sort()) {
  const pkg = JSON.parse(fs.readFileSync(path.join(seedsDir, file), 'utf8'));
  const administrative = ['UNIT_KIND_ADMINISTRATIVE', 'UNIT_KIND_CIVIL_SERVICE_MANAGED'].includes(pkg.header?.unitKind);
  for (const r of pkg.tables?.cg?.rows ?? []) {
    if (!r.deptEconomicCode || !r.govEconomicCode || !administrative) continue;
    const m = mapping.find(x => x.dept_code === r.deptEconomicCode);
    if (!m) throw new Error(`${file}: no mapping row for ${r.deptEconomicCode}`);
    if (m.gov_code_administrative !== r.govEconomicCode) throw new Error(`${file}: ${r.deptEconomicCode} → ${r.govEconomicCode} contradicts ${m.gov_code_administrative}`);
    if (m.administrative_provenance !== 'read_in_source') {
      m.administrative_provenance = 'read_in_source';
      m.sources = [...(m.sources ? m.sources.split(';') : []), `SEED-${file.slice(0, 3)}`].join(';');
      report.push(`mapping confirmed by seed ${m.dept_code} → ${m.gov_code_administrative}`);
    }
  }
}
writeCsv('department_to_government_mapping.csv',
  ['dept_code', 'gov_code_administrative', 'gov_code_public_institution', 'note', 'status', 'sources', 'administrative_provenance', 'public_institution_provenance'],
  mapping);

// What SOURCES.md says is complete, and nothing more: an unknown code under an incomplete branch is
// "not in our catalog" (a warning), under a complete one it is wrong (an error).
const completeness = [
  ['function', '', 'true', 'SOURCES.md: the 类 list 201–234 is believed complete'],
  ['department-economic', '', 'false', 'the 类 list is not confirmed complete by a source'],
  ...['301', '302', '303', '309', '310'].map(c => ['department-economic', c, 'true', `SOURCES.md: ${c} complete as far as known`]),
  ['government-economic', '', 'false', 'only 501, 502 and a few 505/509 items are read in a source'],
];
writeCsv('completeness.csv', ['scheme', 'branch', 'complete', 'basis'],
  completeness.map(([scheme, branch, complete, basis]) => ({ scheme, branch, complete, basis })));

for (const line of report) console.log(line);
for (const [scheme] of Object.entries(schemes)) console.log(`${scheme}: ${catalogs[scheme].size} entries`);
console.log(`mapping: ${mapping.length} rows`);
