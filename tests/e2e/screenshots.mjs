// Screenshots of each main screen at 1280 and 360 px, in English and in
// Pashto, into docs/screenshots/ (shown in the README). Starts its own
// `sanad serve` on a temporary database seeded with a few households, two
// weeks of crossing tallies, protection incidents and a property record with
// an evidence file, as the e2e tests do.
//   SANAD_BINARY=build/dev/src/cli/sanad node tests/e2e/screenshots.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Household, OpenBrowser, SignIn, Site } from './lib/site.mjs';

const out = new URL('../../docs/screenshots/', import.meta.url).pathname;
mkdirSync(out, { recursive: true });

function DaysAgo(n) {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() - n);
  return d.toISOString().slice(0, 10);
}

// Two weeks of head counts at three crossings: the dashboard's data. Small
// groups at Ghulam Khan fall under disclosure control, so the screenshots
// show how suppressed cells look.
function Tallies() {
  const points = ['Torkham', 'Chaman–Spin Boldak', 'Ghulam Khan'];
  const modes = ['spontaneous', 'deported', 'assisted_voluntary_repatriation'];
  const destinations = ['Nangarhar', 'Kabul', 'Kandahar', 'Kunduz', 'Laghman'];
  const lines = ['date,crossing_point,direction,mode,households,individuals,female,male,age_0_4,age_5_17,age_18_59,age_60_plus,destination_province'];
  for (let day = 13; day >= 0; day--) {
    points.forEach((point, p) => {
      modes.forEach((mode, m) => {
        const base = [900, 380, 40][p] * [1, 0.35, 0.12][m];
        const n = Math.max(3, Math.round(base * (0.75 + 0.5 * Math.abs(Math.sin(day * 1.7 + p + m)))));
        const households = Math.max(1, Math.round(n / 7));
        const female = Math.round(n * 0.52);
        const a0 = Math.round(n * 0.17);
        const a5 = Math.round(n * 0.35);
        const a60 = Math.round(n * 0.05);
        const a18 = n - a0 - a5 - a60;
        const destination = destinations[(day + p + m) % destinations.length];
        lines.push([DaysAgo(day), point, 'to_afghanistan', mode, households, n, female, n - female, a0, a5, a18, a60, destination].join(','));
      });
    });
  }
  return `${lines.join('\n')}\n`;
}

// Protection incidents for the incident screens and the weekly table: the
// registered person held on a PoR card and still detained (urgent), with a
// relative; six people arrested the same week (a cell large enough to
// publish); a later arrest in Sindh.
async function SeedIncidents(site, person_id) {
  const base = { place_type: 'checkpoint', perpetrator: 'police', source: 'family', consents: ['legal_aid'], notes: '' };
  const urgent = await site.Api('registrar', 'POST', '/api/v1/incidents', {
    ...base,
    date: '2023-11-10',
    province: 'Balochistan',
    district: 'Quetta',
    type: 'detention',
    persons: [
      { person_id, documents_held: [{ type: 'por_card', valid_until: '2025-06-30' }], detention: { held_at: 'Hajji Camp', days: 3, outcome: 'still_detained', payment_demanded: 30000, currency: 'PKR' } },
      { sex: 'male', age: 19, relationship: 'sibling', documents_held: [], detention: { outcome: 'deported' } },
    ],
    notes: 'Taken off the bus at Baleli checkpoint; the card was torn up.',
  });
  if (urgent.status !== 201) throw new Error(`seeding incidents failed: ${JSON.stringify(urgent.body)}`);
  await site.Api('registrar', 'POST', '/api/v1/incidents', {
    ...base,
    date: '2023-11-08',
    province: 'Balochistan',
    district: 'Pishin',
    type: 'arrest',
    persons: Array.from({ length: 6 }, (_, i) => ({ sex: i % 2 ? 'female' : 'male', age: 18 + 3 * i, relationship: 'other', documents_held: [] })),
  });
  await site.Api('registrar', 'POST', '/api/v1/incidents', {
    ...base,
    date: '2023-11',
    province: 'Sindh',
    district: 'Karachi East',
    type: 'arrest',
    place_type: 'street',
    persons: [{ sex: 'male', age: 30, relationship: 'self', documents_held: [{ type: 'acc' }], detention: { outcome: 'released_after_payment', payment_paid: 5000, currency: 'PKR' } }],
  });
  return { urgent: urgent.body.id };
}

// A seized shop with a photo as evidence.
async function SeedProperty(site, household_id, person_id) {
  const created = await site.Api('counsellor', 'POST', `/api/v1/households/${household_id}/properties`, {
    kind: 'shop_or_business',
    province: 'Balochistan',
    district: 'Quetta',
    address: 'Shop 4, Kandahari Bazaar',
    tenure: 'rented',
    what_happened: 'seized',
    date: '2023-11',
    estimated_value: 1200000,
    currency: 'PKR',
    claimants: [person_id],
  });
  if (created.status !== 201) throw new Error(`seeding property failed: ${JSON.stringify(created.body)}`);
  const form = new FormData();
  form.append('type', 'photo');
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(40000, 1)]);
  form.append('file', new Blob([png], { type: 'image/png' }), 'shop.png');
  const response = await fetch(`${site.url}/api/v1/properties/${created.body.id}/evidence`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${site.tokens.counsellor}` },
    body: form,
  });
  if (response.status !== 201) throw new Error(`seeding evidence failed: ${await response.text()}`);
}

const site = await new Site().Start();
try {
  const household = Household([
    ['محمد ظاهر', 'عبدالرحمن', 'غلام حضرت', 'male', '1980', 'head'],
    ['ملالۍ', 'نور احمد', 'دین محمد', 'female', '1984', 'spouse'],
    ['Zarghuna', 'Mohammad Zahir', 'Abdul Rahman', 'female', '2010', 'daughter'],
  ]);
  household.members[0].phone = '0700 123 456';
  household.members[0].documents = [
    { type: 'por_card', number: 'PoR-0001234567', issued: '2021', valid_until: '2025-06-30' },
    { type: 'tazkira', number: '1399-0401-23456', issued: '2012' },
  ];
  const earlier = await site.Api('registrar', 'POST', '/api/v1/households', household);
  if (earlier.status !== 201) throw new Error(`seeding failed: ${JSON.stringify(earlier.body)}`);
  await site.Api('registrar', 'POST', '/api/v1/households', Household([['Mohammad Zaher', 'Noor Ahmad', 'Din Mohammad', 'male', '1992', 'head']]));
  const person_id = earlier.body.members[0].id;
  const tallies = join(site.dir, 'tallies.csv');
  writeFileSync(tallies, Tallies());
  try {
    site.Sanad(['import', 'movements', tallies]);
  } catch (error) {
    console.warn(`No crossing data for the dashboard: ${error.message.split('\n')[0]}`);
  }

  const incidents = await SeedIncidents(site, person_id);
  await SeedProperty(site, earlier.body.id, person_id);

  const screens = [
    { name: 'sign-in', user: null, go: async () => {} },
    { name: 'home', user: 'registrar', go: async () => {} },
    {
      name: 'register',
      user: 'registrar',
      go: async (page) => {
        await page.goto(`${site.url}/#/register`);
        await page.locator('#origin_province').fill('Khyber Pakhtunkhwa');
        await page.locator('#destination_province').fill('Nangarhar');
        const m = page.locator('[data-member="0"]');
        const fields = m.locator('.member-fields input[type="text"]');
        await fields.nth(0).fill('محمد ظاهر');
        await fields.nth(1).fill('عبدالرحمن');
        await fields.nth(2).fill('غلام حضرت');
        await m.locator('select').nth(0).selectOption('male');
        await m.locator('.member-fields input[inputmode="numeric"]').first().fill('1980');
        await page.locator('[data-candidate]').first().waitFor({ timeout: 10000 }).catch(() => {});
      },
    },
    {
      name: 'find',
      user: 'counsellor',
      go: async (page) => {
        await page.goto(`${site.url}/#/find?q=${encodeURIComponent('Mohammad Zahir')}`);
        await page.locator('.results, .result-count, #find-title').first().waitFor();
        await page.waitForLoadState('networkidle');
      },
    },
    {
      name: 'person',
      user: 'counsellor',
      go: async (page) => {
        await page.goto(`${site.url}/#/person/${person_id}`);
        await page.locator('#person-title').waitFor();
        await page.waitForLoadState('networkidle');
      },
    },
    {
      name: 'status-check',
      user: 'counsellor',
      go: async (page) => {
        await page.goto(`${site.url}/#/status`);
        await page.locator('#check-date').fill('2025-05-01');
        await page.locator('.subpanel .button-secondary').click();
        await page.locator('select[id^="held-"]').selectOption('por_card');
        await page.locator('input[id$="-valid_until"]').fill('2025-06-30');
        await page.locator('form.panel > button[type="submit"]').click();
        await page.locator('.status-answer, .notice-error').first().waitFor();
      },
    },
    {
      name: 'incident-form',
      user: 'counsellor',
      go: async (page) => {
        await page.goto(`${site.url}/#/incident_new`);
        await page.locator('#incident-date').fill('2023-11-10');
        await page.locator('#incident-province').fill('Balochistan');
        await page.locator('#incident-district').fill('Quetta');
        await page.locator('#incident-place').selectOption('checkpoint');
        await page.locator('#incident-perpetrator').selectOption('police');
        await page.locator('#incident-find').fill('محمد ظاهر');
        await page.locator('.person-picker .search-row button').click();
        // The PoR holder (the search also finds a Latin namesake).
        await page.locator('.pick-list li').filter({ hasText: 'عبدالرحمن' }).locator('button').click();
        await page.locator('[data-person-index="0"] select[id$="-type"]').first().waitFor();
        await page.locator('[data-person-index="0"] .live-status[data-status]').waitFor();
        await page.locator('[data-person-index="0"] input[id$="-held_at"]').fill('Hajji Camp');
        await page.locator('#add-described').click();
        await page.locator('[data-person-index="1"] input[id$="-age"]').fill('19');
        await page.locator('[data-person-index="1"] .live-status[data-status]').waitFor();
      },
    },
    {
      name: 'incidents',
      user: 'counsellor',
      go: async (page) => {
        await page.goto(`${site.url}/#/incidents`);
        await page.locator('.incident-results').waitFor();
      },
    },
    {
      name: 'incident',
      user: 'counsellor',
      go: async (page) => {
        await page.goto(`${site.url}/#/incident/${incidents.urgent}`);
        await page.locator('.incident-person-card').first().waitFor();
      },
    },
    {
      name: 'property',
      user: 'counsellor',
      target: '.property-panel',
      go: async (page) => {
        await page.goto(`${site.url}/#/person/${person_id}`);
        await page.locator('.property-list .property').first().waitFor();
        await page.locator('.add-property summary').click();
        await page.waitForLoadState('networkidle');
      },
    },
    {
      name: 'dashboard-incidents',
      user: 'analyst',
      target: '.incident-report',
      go: async (page) => {
        await page.goto(`${site.url}/#/dashboard`);
        await page.locator('#from').fill('2023-11-01');
        await page.locator('#to').fill('2023-11-30');
        await page.locator('form.filters button[type="submit"]').click();
        await page.locator('.incident-table').waitFor();
        await page.waitForLoadState('networkidle');
      },
    },
    {
      name: 'dashboard',
      user: 'analyst',
      go: async (page) => {
        await page.goto(`${site.url}/#/dashboard`);
        await page.locator('.tiles, .notice-error').first().waitFor();
        await page.waitForLoadState('networkidle');
      },
    },
  ];

  for (const width of [1280, 360]) {
    for (const language of ['en', 'ps']) {
      const b = await OpenBrowser({ width, height: width === 360 ? 780 : 900 });
      const { page } = b;
      try {
        for (const screen of screens) {
          if (screen.user) await SignIn(page, site, screen.user);
          else await page.goto(`${site.url}/`);
          await page.locator('#language').selectOption(language);
          await screen.go(page);
          await page.evaluate(() => document.activeElement?.blur());
          await page.waitForTimeout(250);
          const height = await page.evaluate(() => document.documentElement.scrollHeight);
          const file = join(out, `${screen.name}-${language}-${width}.png`);
          if (screen.target) await page.locator(screen.target).screenshot({ path: file });
          else await page.screenshot({ path: file, fullPage: true, clip: { x: 0, y: 0, width, height: Math.min(height, width === 360 ? 2200 : 1500) } });
          console.log(file);
          if (screen.user) {
            await page.locator('.user button').click();
            await page.locator('#sign-in-title').waitFor();
          }
          await page.evaluate(() => localStorage.clear());
        }
        if (b.errors.length) console.warn(`${language} ${width}: page errors`, b.errors);
      } finally {
        await b.Close();
      }
    }
  }
} finally {
  await site.Stop();
}
