// The conflict screen (issue 14): a site and a hub, each a real `sanad
// serve`, and `sanad sync` between them. A household registered at the site
// reaches the hub; while apart, the hub and the site each change the head's
// given name and the household's current location. After the next sync the
// hub's registrar sees both fields in conflict, both versions side by side
// with who wrote them, keeps one of each, and the choice is audited; after
// one more sync the site shows the kept versions too. And a person
// registered both at the site and at the hub is offered to the hub's
// registrar as a possible duplicate across sites, and decided there.
//   SANAD_BINARY=build/dev/src/cli/sanad node --test tests/e2e/sync.test.mjs
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Axe, Household, OpenBrowser, SignIn, Site } from './lib/site.mjs';

let hub;
let site;
let credential;

function Sync() {
  return site.Sanad(['sync', '--hub', hub.url, '--credential', credential]);
}

// Changes the household's current location and its head's given name as
// `username` at `server`, against the version it holds now.
async function Edit(server, household_id, person_id, location, given_name) {
  const current = await server.Api('registrar', 'GET', `/api/v1/households/${household_id}`);
  assert.equal(current.status, 200, JSON.stringify(current.body));
  const changed = await server.Api('registrar', 'PATCH', `/api/v1/households/${household_id}`, {
    version: current.body.version,
    current_location: location,
    members: [{ id: person_id, given_name }],
  });
  assert.equal(changed.status, 200, JSON.stringify(changed.body));
}

before(async () => {
  hub = await new Site().Start();
  site = await new Site().Start();
  credential = join(site.dir, 'credential.toml');
  hub.Sanad(['site', 'enrol', '--name', 'torkham-1', '--out', credential]);
});

after(async () => {
  await site?.Stop();
  await hub?.Stop();
});

describe('sync conflicts', () => {
  test('two places change the same details while apart; a registrar at the hub keeps one version of each', async () => {
    const created = await site.Api(
      'registrar',
      'POST',
      '/api/v1/households',
      Household([['Gul Ahmad', 'Sher Mohammad', 'Noor Mohammad', 'male', '1975', 'head']]),
    );
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const household_id = created.body.id;
    const person_id = created.body.members[0].id;
    Sync();
    const at_hub = await hub.Api('registrar', 'GET', `/api/v1/persons/${person_id}`);
    assert.equal(at_hub.status, 200, 'the hub built the person from the site\'s operations');
    assert.equal(at_hub.body.given_name, 'Gul Ahmad');

    // Apart: each side changes both details.
    await Edit(site, household_id, person_id, 'Jalalabad, Behsud camp', 'Gul Ahmad Khan');
    await Edit(hub, household_id, person_id, 'Kabul, Police District 8', 'Gulahmad');
    const pushed = Sync();
    const listed = await hub.Api('registrar', 'GET', '/api/v1/conflicts');
    assert.equal(listed.body.items.length, 2, pushed + JSON.stringify(listed.body));

    const b = await OpenBrowser();
    try {
      const { page } = b;
      await SignIn(page, hub, 'registrar');
      await page.locator('nav a[href="#/conflicts"]').click();
      await page.locator('#conflicts-title').waitFor();
      const name = page.locator('.conflict[data-field="given_name"]');
      const location = page.locator('.conflict[data-field="current_location"]');
      await name.waitFor();
      assert.equal(await page.locator('.conflict').count(), 2, await page.locator('.conflict-list').innerText());
      // Both versions side by side, each with who wrote it and where.
      const names = await name.locator('.conflict-version .conflict-value').allTextContents();
      assert.deepEqual([...names].sort(), ['Gul Ahmad Khan', 'Gulahmad']);
      const by = await name.locator('.conflict-by').allTextContents();
      assert.ok(by.some((t) => /Written at \u2068?torkham-1/.test(t)), by.join(' | '));
      assert.ok(by.some((t) => /Written here by \u2068?registrar/.test(t)), by.join(' | '));
      assert.equal(await name.locator('.conflict-shown').count(), 1, 'one version is the one shown now');
      assert.match(await location.innerText(), /Jalalabad, Behsud camp/);
      assert.match(await location.innerText(), /Kabul, Police District 8/);
      assert.deepEqual(await Axe(page), []);
      if (process.env.SANAD_E2E_SHOTS) await page.screenshot({ path: join(process.env.SANAD_E2E_SHOTS, 'conflicts.png'), fullPage: true });

      // Keep the site's name and the hub's location.
      await name.locator('.conflict-version', { hasText: 'Gul Ahmad Khan' }).getByRole('button', { name: 'Keep this version' }).click();
      await page.locator('.notice-success').waitFor();
      await page.locator('.conflict[data-field="given_name"]').waitFor({ state: 'detached' });
      await location.locator('.conflict-version', { hasText: 'Kabul' }).getByRole('button', { name: 'Keep this version' }).click();
      await page.locator('.conflicts-none').waitFor();
      assert.deepEqual(b.errors, []);
      assert.deepEqual(b.foreign, []);
    } finally {
      await b.Close();
    }

    const person = await hub.Api('registrar', 'GET', `/api/v1/persons/${person_id}`);
    assert.equal(person.body.given_name, 'Gul Ahmad Khan');
    const household = await hub.Api('registrar', 'GET', `/api/v1/households/${household_id}`);
    assert.equal(household.body.current_location, 'Kabul, Police District 8');
    const audit = await hub.Api('admin', 'GET', '/api/v1/audit?action=conflict.resolve');
    assert.equal(audit.status, 200);
    assert.equal(audit.body.items.length, 2, 'each choice is audited');
    assert.ok(audit.body.items.every((e) => e.actor === 'registrar'));

    // The site takes in the choices at its next sync, and has nothing left to resolve.
    Sync();
    const at_site = await site.Api('registrar', 'GET', `/api/v1/persons/${person_id}`);
    assert.equal(at_site.body.given_name, 'Gul Ahmad Khan');
    const site_household = await site.Api('registrar', 'GET', `/api/v1/households/${household_id}`);
    assert.equal(site_household.body.current_location, 'Kabul, Police District 8');
    const left = await site.Api('registrar', 'GET', '/api/v1/conflicts');
    assert.deepEqual(left.body.items, []);
  });

  test('a woman registered at the site and at the hub is offered across sites; the registrar links the two', async () => {
    const woman = [['Zarmina', 'Abdul Qadir', 'Gul Mohammad', 'female', '1992-05-14', 'head']];
    const at_site = await site.Api('registrar', 'POST', '/api/v1/households', Household(woman));
    assert.equal(at_site.status, 201, JSON.stringify(at_site.body));
    const at_hub = await hub.Api('registrar', 'POST', '/api/v1/households', Household(woman));
    assert.equal(at_hub.status, 201, JSON.stringify(at_hub.body));
    const site_person = at_site.body.members[0].id;
    const hub_person = at_hub.body.members[0].id;
    Sync();
    // The hub's scan runs every 10 s.
    let listed;
    for (let i = 0; i < 60; ++i) {
      listed = await hub.Api('registrar', 'GET', '/api/v1/duplicates/cross-site');
      assert.equal(listed.status, 200, JSON.stringify(listed.body));
      if (listed.body.total > 0 && listed.body.scan.waiting === 0) break;
      await new Promise((done) => setTimeout(done, 500));
    }
    assert.equal(listed.body.total, 1, JSON.stringify(listed.body));
    const ids = [listed.body.pairs[0].a.id, listed.body.pairs[0].b.id].sort();
    assert.deepEqual(ids, [site_person, hub_person].sort());

    const b = await OpenBrowser();
    try {
      const { page } = b;
      await SignIn(page, hub, 'registrar');
      await page.locator('nav a[href="#/cross_site"]').click();
      await page.locator('#cross-site-title').waitFor();
      const pair = page.locator('.cross-site-pair');
      await pair.waitFor();
      assert.equal(await pair.count(), 1);
      const sides = await pair.locator('.cross-site-site').allTextContents();
      assert.ok(sides.some((t) => /torkham-1/.test(t)), sides.join(' | '));
      assert.match(await pair.innerText(), /Zarmina/);
      assert.deepEqual(await Axe(page), []);
      if (process.env.SANAD_E2E_SHOTS) await page.screenshot({ path: join(process.env.SANAD_E2E_SHOTS, 'cross_site.png'), fullPage: true });
      await pair.getByRole('button', { name: 'Same person: link' }).click();
      await page.locator('.notice-success').waitFor();
      await page.locator('.cross-site-none').waitFor();
      assert.deepEqual(b.errors, []);
      assert.deepEqual(b.foreign, []);
    } finally {
      await b.Close();
    }
    const decided = await hub.Api('registrar', 'GET', `/api/v1/persons/${hub_person}/duplicates`);
    assert.equal(decided.status, 200);
    assert.equal(decided.body.decisions.length, 1, JSON.stringify(decided.body));
    assert.equal(decided.body.decisions[0].candidate_id, site_person);
    assert.equal(decided.body.decisions[0].decision, 'same');
    // The verdict travels to the site with the next sync; both records stay.
    Sync();
    const still = await site.Api('registrar', 'GET', `/api/v1/persons/${site_person}`);
    assert.equal(still.status, 200);
    assert.equal(still.body.given_name, 'Zarmina');
  });
});
