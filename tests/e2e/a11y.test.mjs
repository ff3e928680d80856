// Accessibility of every main screen, in English and in Pashto (right to
// left), with axe-core (run offline from node_modules): every input has a
// label, colour contrast meets WCAG AA, ARIA is valid. And keyboard focus is
// always visible.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Axe, Household, OpenBrowser, SignIn, Site } from './lib/site.mjs';

let site;
let person_id;
let household_id;
let incident_id;
let case_id;
let tracing_id;
let tracing_api = false;

before(async () => {
  site = await new Site().Start();
  const created = await site.Api(
    'registrar',
    'POST',
    '/api/v1/households',
    Household([['گل احمد', 'شیر محمد', 'نور محمد', 'male', '1975', 'head']]),
  );
  assert.equal(created.status, 201, JSON.stringify(created.body));
  person_id = created.body.members[0].id;
  household_id = created.body.id;
  const incident = await site.Api('registrar', 'POST', '/api/v1/incidents', {
    date: '2023-11-10',
    province: 'Balochistan',
    district: 'Quetta',
    type: 'detention',
    place_type: 'checkpoint',
    perpetrator: 'police',
    persons: [
      { person_id, documents_held: [{ type: 'por_card' }], detention: { held_at: 'Hajji Camp', days: 2, outcome: 'still_detained' } },
      { sex: 'female', age: 40, relationship: 'spouse', documents_held: [] },
    ],
    source: 'family',
    consents: ['legal_aid'],
    notes: 'Taken at the checkpoint.',
  });
  assert.equal(incident.status, 201, JSON.stringify(incident.body));
  incident_id = incident.body.id;

  // A case from that incident, with a task, a note and a legal-aid referral
  // (the person agreed to referral), for the case screens.
  const household = await site.Api('registrar', 'GET', `/api/v1/households/${created.body.id}`);
  const consented = await site.Api('registrar', 'PATCH', `/api/v1/households/${created.body.id}`, {
    version: household.body.version,
    members: [{ id: person_id, consents: ['registration', 'referral', 'tracing'] }],
  });
  assert.equal(consented.status, 200, JSON.stringify(consented.body));
  const organisation = await site.Api('admin', 'POST', '/api/v1/organisations', { name: 'Quetta Legal Aid', services: ['legal_aid'] });
  assert.equal(organisation.status, 201, JSON.stringify(organisation.body));
  const opened = await site.Api('caseworker', 'POST', '/api/v1/cases', { person_id, incident_id, risks: ['arbitrary_arrest_detention'], priority: 'high' });
  assert.equal(opened.status, 201, JSON.stringify(opened.body));
  case_id = opened.body.id;
  await site.Api('caseworker', 'POST', `/api/v1/cases/${case_id}/tasks`, { title: 'Visit Hajji Camp', due: '2030-01-01' });
  await site.Api('caseworker', 'POST', `/api/v1/cases/${case_id}/notes`, { text: 'The family asked for a lawyer.' });
  const referral = await site.Api('caseworker', 'POST', `/api/v1/cases/${case_id}/referrals`, {
    service: 'legal_aid',
    organisation_id: organisation.body.id,
    shared_fields: ['given_name', 'father_name'],
  });
  assert.equal(referral.status, 201, JSON.stringify(referral.body));

  tracing_api = await site.HasRoute('GET', '/api/v1/tracing-requests?status=open');
  if (tracing_api) {
    const tracing = await site.Api('caseworker', 'POST', '/api/v1/tracing-requests', {
      inquirer_id: person_id,
      sought: [{ given_name: 'Zarghuna', relationship_to_inquirer: 'daughter', sex: 'female', age: 12, separation_cause: 'crossing' }],
    });
    assert.equal(tracing.status, 201, JSON.stringify(tracing.body));
    tracing_id = tracing.body.id;
  }
});

// One browser per user, signed in once and shared by that user's screens:
// launching Chromium and signing in for each of the 46 screens took two thirds
// of this file's time. Each screen is loaded afresh (from about:blank), so no
// state carries over from the screen before.
const browsers = new Map();
async function SignedInBrowser(user) {
  if (!browsers.has(user)) {
    const b = await OpenBrowser();
    await SignIn(b.page, site, user);
    browsers.set(user, b);
  }
  return browsers.get(user);
}

after(async () => {
  for (const b of browsers.values()) await b.Close();
  await site?.Stop();
});

// Tabs through the page and returns the elements whose focus is not visible.
async function InvisibleFocus(page, steps = 25) {
  const problems = [];
  await page.evaluate(() => document.activeElement?.blur());
  for (let i = 0; i < steps; i++) {
    await page.keyboard.press('Tab');
    const seen = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const style = getComputedStyle(el);
      const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
      const shadow = style.boxShadow && style.boxShadow !== 'none';
      return { tag: `${el.tagName.toLowerCase()}#${el.id || ''}.${el.className || ''}`, visible: outline || shadow };
    });
    if (seen && !seen.visible) problems.push(seen.tag);
  }
  return problems;
}

const kScreens = [
  { name: 'home', user: 'admin', hash: '', ready: '#home-title' },
  { name: 'register', user: 'registrar', hash: 'register', ready: '#register-title' },
  { name: 'find', user: 'counsellor', hash: 'find?q=gul', ready: '#find-title' },
  { name: 'person', user: 'counsellor', hash: () => `person/${person_id}`, ready: '#person-title' },
  { name: 'household', user: 'registrar', hash: () => `household/${household_id}`, ready: '.household-members' },
  { name: 'status check', user: 'counsellor', hash: 'status', ready: '#status-check-title' },
  { name: 'dashboard', user: 'analyst', hash: 'dashboard', ready: '#dashboard-title' },
  { name: 'incident form', user: 'registrar', hash: 'incident_new', ready: '#incident-form-title' },
  { name: 'incidents', user: 'caseworker', hash: 'incidents', ready: '#incidents-title' },
  { name: 'incident', user: 'counsellor', hash: () => `incident/${incident_id}`, ready: '.incident-person-card.urgent' },
  { name: 'my cases', user: 'caseworker', hash: '', ready: '.case-results' },
  { name: 'case', user: 'caseworker', hash: () => `case/${case_id}`, ready: '.referral-form .consent-cover' },
  { name: 'case (counsellor)', user: 'counsellor', hash: () => `case/${case_id}`, ready: '.referral button[data-to="accepted"]' },
  { name: 'case form', user: 'caseworker', hash: () => `case_new?person=${person_id}&incident=${incident_id}`, ready: '#case-risks-arbitrary_arrest_detention:checked' },
  { name: 'tracing form', user: 'caseworker', tracing: true, hash: () => `tracing_new?person=${person_id}`, ready: '#tracing-new-title' },
  { name: 'tracing', user: 'caseworker', tracing: true, hash: () => `tracing/${tracing_id}`, ready: '#tracing-title' },
  // Site administration (issue 16).
  { name: 'admin accounts', user: 'admin', hash: 'admin_users', ready: '.account[data-user="admin"]' },
  { name: 'admin exports', user: 'admin', hash: 'admin_exports', ready: '#admin-exports-title' },
  { name: 'admin audit log', user: 'admin', hash: 'admin_audit', ready: '.audit-table' },
  { name: 'admin settings', user: 'admin', hash: 'admin_settings', ready: '#settings-k' },
  { name: 'admin crossing points', user: 'admin', hash: 'admin_crossings', ready: '.crossing-point[data-crossing="Torkham"]' },
  { name: 'admin organisations', user: 'admin', hash: 'admin_organisations', ready: '.organisations > li:first-child' },
  { name: 'admin policy', user: 'admin', hash: 'admin_policy', ready: '.provisions-list > li:first-child' },
  // Sync conflicts (issue 14): none at a lone site; e2e_sync checks the screen with some.
  { name: 'conflicts', user: 'registrar', hash: 'conflicts', ready: '.conflicts-none' },
  // Possible duplicates across sites: none at a lone site; e2e_sync checks the screen with a pair.
  { name: 'cross_site', user: 'caseworker', hash: 'cross_site', ready: '.cross-site-none' },
];

for (const language of ['en', 'ps']) {
  test(`sign-in page passes axe and shows focus (${language})`, async () => {
    const b = await OpenBrowser();
    try {
      const { page } = b;
      await page.goto(`${site.url}/`);
      await page.locator('#sign-in-title').waitFor();
      await page.locator('#language').selectOption(language);
      assert.deepEqual(await Axe(page), []);
      assert.deepEqual(await InvisibleFocus(page, 8), []);
    } finally {
      await b.Close();
    }
  });

  for (const screen of kScreens) {
    test(`${screen.name} passes axe and shows focus (${language})`, async (t) => {
      if (screen.tracing && !tracing_api) {
        t.skip('the tracing API is not in this server yet');
        return;
      }
      const { page } = await SignedInBrowser(screen.user);
      await page.goto('about:blank');
      await page.goto(`${site.url}/`);
      await page.locator('#home-title').waitFor();
      await page.locator('#language').selectOption(language);
      const hash = typeof screen.hash === 'function' ? screen.hash() : screen.hash;
      await page.goto(`${site.url}/#/${hash}`);
      await page.locator(screen.ready).waitFor();
      await page.waitForLoadState('networkidle');
      if (screen.name === 'status check' && !(await site.HasRoute('POST', '/api/v1/status-check', {}))) {
        t.diagnostic('POST /api/v1/status-check is not in this server yet: checked without an answer');
      } else if (screen.name === 'status check') {
        await page.locator('#check-date').fill('2025-05-01');
        await page.locator('form button[type="submit"]').click();
        await page.locator('.status-answer').waitFor();
      }
      assert.deepEqual(await Axe(page), []);
      assert.deepEqual(await InvisibleFocus(page), []);
      // Every form control has a label (axe checks this too; this names them).
      const unlabelled = await page.evaluate(() =>
        [...document.querySelectorAll('input, select, textarea')]
          .filter((el) => el.type !== 'hidden' && !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
          .map((el) => el.id || el.name),
      );
      assert.deepEqual(unlabelled, []);
    });
  }
}

test('usable at 360 px: no screen scrolls sideways', async () => {
  const b = await OpenBrowser({ width: 360, height: 740 });
  try {
    const { page } = b;
    for (const screen of kScreens) {
      if (screen.tracing && !tracing_api) continue;
      await SignIn(page, site, screen.user);
      const hash = typeof screen.hash === 'function' ? screen.hash() : screen.hash;
      await page.goto(`${site.url}/#/${hash}`);
      await page.locator(screen.ready).waitFor();
      await page.waitForLoadState('networkidle');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${screen.name} is ${overflow} px too wide at 360 px`);
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.locator('#sign-in-title').waitFor();
    }
  } finally {
    await b.Close();
  }
});
