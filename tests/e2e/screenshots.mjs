// Screenshots of each main screen at 1280 and 360 px, in English and in
// Pashto, into docs/screenshots/ (shown in the README). Starts its own
// `sanad serve` on a temporary database seeded with a few households, two
// weeks of crossing tallies, protection incidents, a property record with
// an evidence file, and a protection case with its referral and a tracing
// request, as the e2e tests do.
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

// A case opened from the urgent incident: a plan of two steps (one overdue),
// a note, a legal-aid referral a counsellor accepted; and a tracing request
// for the person's brother, registered with tracing consent, so that the
// request has a match (when the server has the tracing API).
async function SeedCase(site, household, incident_id) {
  const head = household.members[0];
  const organisation = await site.Api('admin', 'POST', '/api/v1/organisations', { name: 'Balochistan Legal Aid Network', services: ['legal_aid', 'civil_documentation'] });
  await site.Api('admin', 'POST', '/api/v1/organisations', { name: 'Torkham Health Post', services: ['health'] });
  const opened = await site.Api('caseworker', 'POST', '/api/v1/cases', {
    person_id: head.id,
    incident_id,
    risks: ['arbitrary_arrest_detention', 'impediments_legal_identity'],
    priority: 'high',
  });
  if (opened.status !== 201) throw new Error(`seeding the case failed: ${JSON.stringify(opened.body)}`);
  const id = opened.body.id;
  await site.Api('caseworker', 'POST', `/api/v1/cases/${id}/transitions`, { version: 1, to: 'assessed' });
  await site.Api('caseworker', 'POST', `/api/v1/cases/${id}/tasks`, { title: 'Call the lawyer about the hearing', due: DaysAgo(2) });
  await site.Api('caseworker', 'POST', `/api/v1/cases/${id}/tasks`, { title: 'Visit the family in Quetta', due: DaysAgo(-5) });
  await site.Api('caseworker', 'POST', `/api/v1/cases/${id}/notes`, { text: 'Held at Hajji Camp since 10 November; his PoR card was torn up at the checkpoint. The family asks for a lawyer.' });
  const referral = await site.Api('caseworker', 'POST', `/api/v1/cases/${id}/referrals`, {
    service: 'legal_aid',
    organisation_id: organisation.body.id,
    shared_fields: ['given_name', 'father_name', 'grandfather_name', 'documents'],
  });
  if (referral.status !== 201) throw new Error(`seeding the referral failed: ${JSON.stringify(referral.body)}`);
  await site.Api('counsellor', 'PATCH', `/api/v1/referrals/${referral.body.id}`, {
    version: referral.body.version,
    status: 'accepted',
    outcome_note: 'Lawyer assigned; she visits Hajji Camp on Monday.',
  });
  let tracing = null;
  const created = await site.Api('caseworker', 'POST', '/api/v1/tracing-requests', {
    inquirer_id: head.id,
    case_id: id,
    sought: [{ given_name: 'Ahmad Zahir', relationship_to_inquirer: 'brother', sex: 'male', age: 38, separation_cause: 'deportation', separation_place: 'Chaman', separation_date: '2023-11' }],
  });
  if (created.status === 201) tracing = created.body.id;
  else console.warn(`No tracing request for the screenshots: ${created.status}`);
  return { case: id, tracing };
}

const site = await new Site().Start();
try {
  const household = Household([
    ['محمد ظاهر', 'عبدالرحمن', 'غلام حضرت', 'male', '1980', 'head'],
    ['ملالۍ', 'نور احمد', 'دین محمد', 'female', '1984', 'spouse'],
    ['Zarghuna', 'Mohammad Zahir', 'Abdul Rahman', 'female', '2010', 'daughter'],
  ]);
  household.members[0].phone = '0700 123 456';
  household.members[0].consents = ['registration', 'assistance', 'referral', 'tracing'];
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
  // The brother the tracing request looks for, registered in Perso-Arabic
  // with tracing consent.
  const brother = Household([['احمد ظاهر', 'عبدالرحمن', 'غلام حضرت', 'male', '1986', 'head']]);
  brother.members[0].consents = ['registration', 'tracing'];
  await site.Api('registrar', 'POST', '/api/v1/households', brother);
  const seeded = await SeedCase(site, earlier.body, incidents.urgent);

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
      name: 'household',
      user: 'registrar',
      go: async (page) => {
        await page.goto(`${site.url}/#/household/${earlier.body.id}`);
        await page.locator('.household-members').waitFor();
        await page.locator('#record-crossing').click();
        await page.locator('#crossing-date').fill('30/06/2025');
        await page.locator('#crossing-point').selectOption('Torkham');
        await page.locator('#crossing-mode').selectOption('deported');
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
      name: 'my-cases',
      user: 'caseworker',
      go: async (page) => {
        await page.locator('.case-results').waitFor();
        await page.waitForLoadState('networkidle');
      },
    },
    {
      name: 'case',
      user: 'caseworker',
      go: async (page) => {
        await page.goto(`${site.url}/#/case/${seeded.case}`);
        await page.locator('.referral-list .referral').waitFor();
        await page.waitForLoadState('networkidle');
      },
    },
    {
      name: 'referral-form',
      user: 'caseworker',
      target: '.referrals',
      go: async (page) => {
        await page.goto(`${site.url}/#/case/${seeded.case}`);
        await page.locator('.referral-form .consent-cover').waitFor();
        await page.locator('#referral-service').selectOption('civil_documentation');
        await page.locator('#referral-organisation').selectOption({ label: 'Balochistan Legal Aid Network' });
        await page.locator('#referral-fields-documents').check();
        await page.waitForLoadState('networkidle');
      },
    },
    {
      name: 'case-counsellor',
      user: 'counsellor',
      go: async (page) => {
        await page.goto(`${site.url}/#/case/${seeded.case}`);
        await page.locator('.referral-list .referral').waitFor();
        await page.waitForLoadState('networkidle');
      },
    },
    {
      name: 'tracing-form',
      user: 'caseworker',
      skip: () => !seeded.tracing,
      go: async (page) => {
        await page.goto(`${site.url}/#/tracing_new?person=${person_id}`);
        const sought = page.locator('fieldset.sought').first();
        await sought.locator('select[id$="-relationship"]').selectOption('brother');
        await sought.locator('input[id$="-given_name"]').fill('Ahmad Zahir');
        await sought.locator('select[id$="-sex"]').selectOption('male');
        await sought.locator('input[id$="-birth"]').fill('38');
        await sought.locator('input[id$="-separation_date"]').fill('2023-11');
        await sought.locator('input[id$="-separation_place"]').fill('Chaman');
        await sought.locator('select[id$="-separation_cause"]').selectOption('deportation');
      },
    },
    {
      name: 'tracing',
      user: 'caseworker',
      skip: () => !seeded.tracing,
      go: async (page) => {
        await page.goto(`${site.url}/#/tracing/${seeded.tracing}`);
        await page.locator('.match-list .match, .no-matches').first().waitFor();
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

  // Site administration (issue 16): a k changed, a crossing point added, an
  // export made and one made and downloaded, an account to reset.
  await site.Api('admin', 'PUT', '/api/v1/settings', { k: 7 });
  await site.Api('admin', 'POST', '/api/v1/crossing-points', { name: 'Nawa Pass', afghan_province: 'Kunar', spellings: ['Nawa', 'ناوه'] });
  const taken = await site.Api('admin', 'POST', '/api/v1/exports', { purpose: 'quarterly transfer to the Jalalabad hub', passphrase: 'a long shared passphrase' });
  await fetch(`${site.url}/api/v1/exports/${taken.body.id}/file`, { headers: { Authorization: `Bearer ${site.tokens.admin}` } });
  await site.Api('admin', 'POST', '/api/v1/exports', { purpose: 'legal aid partner: Quetta caseload', passphrase: 'another long passphrase' });
  await site.Api('admin', 'POST', '/api/v1/users', { username: 'farida', role: 'registrar' });
  screens.push(
    {
      name: 'admin-users',
      user: 'admin',
      go: async (page) => {
        await page.goto(`${site.url}/#/admin_users`);
        await page.locator('li[data-user="farida"] button[data-action="reset"]').click();
        await page.locator('.one-time-password').waitFor();
      },
    },
    { name: 'admin-exports', user: 'admin', go: async (page) => page.goto(`${site.url}/#/admin_exports`).then(() => page.locator('.export').first().waitFor()) },
    {
      name: 'admin-audit',
      user: 'admin',
      go: async (page) => {
        await page.goto(`${site.url}/#/admin_audit`);
        await page.locator('#audit-verify').click();
        await page.locator('.audit-intact').waitFor();
      },
    },
    { name: 'admin-settings', user: 'admin', go: async (page) => page.goto(`${site.url}/#/admin_settings`).then(() => page.locator('#settings-k').waitFor()) },
    { name: 'admin-crossings', user: 'admin', go: async (page) => page.goto(`${site.url}/#/admin_crossings`).then(() => page.locator('.crossing-point').first().waitFor()) },
    { name: 'admin-organisations', user: 'admin', go: async (page) => page.goto(`${site.url}/#/admin_organisations`).then(() => page.locator('.organisation').first().waitFor()) },
    { name: 'admin-policy', user: 'admin', go: async (page) => page.goto(`${site.url}/#/admin_policy`).then(() => page.locator('.provision').first().waitFor()) },
  );

  // SANAD_SCREENSHOTS=REGEX shoots only the screens whose names match.
  const only = process.env.SANAD_SCREENSHOTS ? new RegExp(process.env.SANAD_SCREENSHOTS) : null;
  for (const width of [1280, 360]) {
    for (const language of ['en', 'ps']) {
      const b = await OpenBrowser({ width, height: width === 360 ? 780 : 900 });
      const { page } = b;
      try {
        for (const screen of screens) {
          if (screen.skip?.() || (only && !only.test(screen.name))) continue;
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
