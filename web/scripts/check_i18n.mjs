// Fails the build when a translation file lacks a key English has (or has
// one English lacks), when placeholders ({name}) differ between languages,
// or when the code uses a literal key (T('x.y')) that English lacks.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const dir = join(root, 'src', 'i18n');
const load = (file) => JSON.parse(readFileSync(join(dir, file), 'utf8'));
const en = load('en.json');
const placeholders = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');
const problems = [];

for (const file of readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'en.json')) {
  const other = load(file);
  for (const key of Object.keys(en)) {
    if (!(key in other)) problems.push(`${file}: missing "${key}"`);
    else if (placeholders(en[key]) !== placeholders(other[key]))
      problems.push(`${file}: "${key}" has placeholders {${placeholders(other[key])}}, English has {${placeholders(en[key])}}`);
  }
  for (const key of Object.keys(other)) if (!(key in en)) problems.push(`${file}: "${key}" is not in en.json`);
}

const walk = (d) =>
  readdirSync(d, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(d, e.name)) : /\.tsx?$/.test(e.name) ? [join(d, e.name)] : [],
  );
for (const file of walk(join(root, 'src'))) {
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(/\bT(?:Or)?\('([a-z0-9_.]+)'/g)) {
    if (!(m[1] in en)) problems.push(`${file.slice(root.length)}: uses "${m[1]}", which en.json lacks`);
  }
}

if (problems.length) {
  console.error(`Translations are incomplete (web/src/i18n):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
