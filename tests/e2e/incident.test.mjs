// Protection monitoring in the browser (issue 11, "What it must show"): a
// registrar records, in Pashto, the detention of two people (one registered,
// one described); a counsellor finds the documented person still detained at
// the top of the list, with the provisions behind the status, and keeps
// property evidence; an analyst sees the weekly table and cannot open the
// incident (no link, and the API answers 403).
//   SANAD_BINARY=build/dev/src/cli/sanad node --test tests/e2e/incident.test.mjs
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Household, OpenBrowser, SignIn, Site } from './lib/site.mjs';

let site;
let household;
let recorded; // the incident the registrar records

// A raw translation key on screen means a string is missing from a language.
const kRawKey = /\b(incident|incidents|incident_page|incident_report|property|incident_type|outcome|reporter|documentation)\.[a-z_]+\b/;

before(async () => {
  site = await new Site().Start();
  const registered = Household([
    ['محمد ظاهر', 'عبدالرحمن', 'غلام حضرت', 'male', '1980', 'head'],
    ['ملالۍ', 'نور احمد', 'دین محمد', 'female', '1984', 'spouse'],
  ]);
  registered.members[0].documents = [{ type: 'por_card', number: 'PoR-0001234567', issued: '2021', valid_until: '2025-06-30' }];
  const created = await site.Api('registrar', 'POST', '/api/v1/households', registered);
  assert.equal(created.status, 201, JSON.stringify(created.body));
  household = created.body;
  // A newer incident with nobody documented: the urgent one must still come first.
  const newer = await site.Api('registrar', 'POST', '/api/v1/incidents', {
    date: '2024-01-15',
    province: 'Sindh',
    district: 'Karachi East',
    type: 'arrest',
    place_type: 'street',
    perpetrator: 'police',
    persons: [{ sex: 'male', age: 30, relationship: 'self', documents_held: [], detention: { outcome: 'released' } }],
    source: 'survivor',
    consents: [],
    notes: '',
  });
  assert.equal(newer.status, 201, JSON.stringify(newer.body));
  // Six undocumented people arrested the same week: a cell large enough to publish.
  const many = await site.Api('registrar', 'POST', '/api/v1/incidents', {
    date: '2023-11-08',
    province: 'Balochistan',
    district: 'Quetta',
    type: 'arrest',
    place_type: 'checkpoint',
    perpetrator: 'police',
    persons: Array.from({ length: 6 }, (_, i) => ({ sex: 'male', age: 20 + i, relationship: 'other', documents_held: [] })),
    source: 'witness',
    consents: [],
    notes: '',
  });
  assert.equal(many.status, 201, JSON.stringify(many.body));
});

after(async () => {
  await site?.Stop();
});

describe('protection incidents', () => {
  test('a registrar records a detention of two people in Pashto', async () => {
    const b = await OpenBrowser();
    try {
      const { page } = b;
      await SignIn(page, site, 'registrar');
      await page.locator('#language').selectOption('ps');
      assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
      await page.locator('nav a[href="#/incident_new"]').click();
      await page.locator('#incident-form-title').waitFor();
      await page.locator('#incident-date').fill('2023-11-10');
      await page.locator('#incident-province').fill('بلوچستان');
      await page.locator('#incident-district').fill('Quetta');
      await page.locator('#incident-type').selectOption('detention');
      await page.locator('#incident-place').selectOption('checkpoint');
      await page.locator('#incident-perpetrator').selectOption('police');

      // The registered person, found with the register's search; the
      // documents on record come with them (a PoR card).
      await page.locator('#incident-find').fill('محمد ظاهر');
      await page.locator('.person-picker .search-row button').click();
      await page.locator('.pick-list li button').first().click();
      const first = page.locator('[data-person-index="0"]');
      await first.waitFor();
      assert.equal(await first.locator('select[id$="-type"]').first().inputValue(), 'por_card');
      // A registrar may not check statuses: it is worked out on saving.
      assert.equal(await first.locator('.live-status').count(), 0);
      await first.locator('input[id$="-held_at"]').fill('Hajji Camp');
      await first.locator('input[id$="-days"]').fill('3');
      await first.locator('select[id$="-outcome"]').selectOption('still_detained');

      // The described person: no papers, deported.
      await page.locator('#add-described').click();
      const second = page.locator('[data-person-index="1"]');
      await second.locator('select[id$="-sex"]').selectOption('male');
      await second.locator('input[id$="-age"]').fill('19');
      await second.locator('select[id$="-relationship"]').selectOption('sibling');
      await second.locator('select[id$="-outcome"]').selectOption('deported');

      await page.locator('#incident-source').selectOption('family');
      await page.locator('#incident-consents-legal_aid').check();
      await page.locator('#incident-notes').fill('د بلېلي په پوسته کې له موټره ښکته کړل شول.');
      assert.doesNotMatch(await page.locator('main').innerText(), kRawKey);
      await page.locator('form button[type="submit"]').click();
      await page.locator('#incident-saved-title').waitFor();
      const saved = page.locator('.saved-persons li');
      assert.equal(await saved.count(), 2);
      assert.equal(await saved.nth(0).getAttribute('data-documented'), '1', 'the PoR holder is detained while documented');
      assert.equal(await saved.nth(1).getAttribute('data-documented'), '0');
      assert.doesNotMatch(await page.locator('main').innerText(), kRawKey);
      // A registrar records incidents but does not read them back.
      assert.equal(await page.locator('a[href^="#/incident/"]').count(), 0);
      assert.equal(await page.locator('nav a[href="#/incidents"]').count(), 0);
      assert.deepEqual(b.errors, []);
      assert.deepEqual(b.foreign, []);

      const list = await site.Api('counsellor', 'GET', '/api/v1/incidents');
      recorded = list.body.items.find((i) => i.date === '2023-11-10');
      assert.ok(recorded, JSON.stringify(list.body));
      assert.equal(recorded.persons, 2);
      assert.equal(recorded.province, 'Balochistan');
    } finally {
      await b.Close();
    }
  });

  test('a counsellor sees the documented person at the top, with the provisions, and keeps property evidence', async () => {
    assert.ok(recorded, 'the registrar test recorded the incident');
    const b = await OpenBrowser();
    try {
      const { page } = b;
      await SignIn(page, site, 'counsellor');
      await page.locator('nav a[href="#/incidents"]').click();
      const items = page.locator('.incident-results > li');
      await items.first().waitFor();
      assert.equal(await items.count(), 3);
      assert.equal(await items.first().locator('a').getAttribute('data-incident'), recorded.id);
      assert.match(await items.first().getAttribute('class'), /urgent/);
      await items.first().locator('a').click();
      await page.locator('#incident-title').waitFor();
      const card = page.locator('.incident-person-card').first();
      assert.match(await card.getAttribute('class'), /urgent/);
      assert.equal(await card.getAttribute('data-documented'), '1');
      assert.ok((await card.locator('.provisions li').count()) > 0, 'the provisions behind the status');
      assert.match(await page.locator('.notes').innerText(), /بلېلي/);

      // Recording: the status of each person appears once the date and
      // documents are in, before anything is saved.
      await page.goto(`${site.url}/#/incident_new`);
      await page.locator('#incident-date').fill('2023-11-10');
      await page.locator('#add-described').click();
      const person = page.locator('[data-person-index="0"]');
      await person.locator('.add-document').click();
      await person.locator('select[id$="-type"]').first().selectOption('por_card');
      // Without a document the person is undocumented (removal in force on
      // that date) until the answer for the PoR card arrives: wait for it
      // rather than read the status the instant one is shown.
      await person.locator('.live-status[data-status]:not([data-status="removal_in_force"])').waitFor();
      await page.locator('#incident-date').fill('2026-11-10');
      await person.locator('.live-status[data-status="removal_in_force"]').waitFor();

      // Property left behind, on the person page, with an evidence file.
      await page.goto(`${site.url}/#/person/${household.members[0].id}`);
      await page.locator('#property-title').waitFor();
      await page.locator('.add-property summary').click();
      await page.locator('#property-kind').selectOption('shop_or_business');
      await page.locator('#property-loss').selectOption('seized');
      await page.locator('#property-province').fill('Balochistan');
      await page.locator('#property-district').fill('Quetta');
      await page.locator('#property-address').fill('Shop 4, Kandahari Bazaar');
      await page.locator('.add-property button[type="submit"]').click();
      const property = page.locator('.property-list .property');
      await property.first().waitFor();
      const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(2048, 7)]);
      await property.locator('input[type="file"]').setInputFiles({ name: 'shop.png', mimeType: 'image/png', buffer: png });
      await property.locator('.evidence-upload button[type="submit"]').click();
      const link = property.locator('.evidence-list a');
      await link.waitFor();
      const download = await page.evaluate(async (href) => {
        const r = await fetch(href);
        return { status: r.status, type: r.headers.get('content-type'), size: (await r.arrayBuffer()).byteLength, disposition: r.headers.get('content-disposition') };
      }, await link.getAttribute('href'));
      assert.equal(download.status, 200);
      assert.equal(download.type, 'image/png');
      assert.equal(download.size, png.length);
      assert.match(download.disposition, /^attachment/);
      assert.deepEqual(b.errors, []);
      assert.deepEqual(b.foreign, []);
    } finally {
      await b.Close();
    }
  });

  test('an analyst sees the weekly table and cannot open the incident', async () => {
    assert.ok(recorded, 'the registrar test recorded the incident');
    const b = await OpenBrowser();
    try {
      const { page } = b;
      await SignIn(page, site, 'analyst');
      assert.equal(await page.locator('nav a[href="#/incidents"], nav a[href="#/incident_new"]').count(), 0);
      await page.locator('nav a[href="#/dashboard"]').click();
      await page.locator('#from').fill('2023-11-01');
      await page.locator('#to').fill('2023-11-30');
      await page.locator('form.filters button[type="submit"]').click();
      const table = page.locator('.incident-table');
      await table.waitFor();
      const rows = table.locator('tbody tr');
      assert.ok((await rows.count()) >= 3, 'detentions and arrests by documentation');
      const text = await table.innerText();
      assert.match(text, /Balochistan/);
      assert.match(text, /PoR card/);
      assert.ok((await table.locator('td.suppressed').count()) > 0, 'cells of one person are suppressed');
      assert.equal(await page.locator('a[href^="#/incident"]').count(), 0, 'no link to any incident');

      await page.goto(`${site.url}/#/incident/${recorded.id}`);
      await page.locator('#refused-title').waitFor();
      const status = await page.evaluate(async (id) => (await fetch(`/api/v1/incidents/${id}`)).status, recorded.id);
      assert.equal(status, 403);
    } finally {
      await b.Close();
    }
  });
});
