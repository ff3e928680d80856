// Issue 16, what a registrar and a counsellor met, tried as new users would:
// a registrar registers a family whose son was registered before, links
// him ("same person": he is still saved, and the two records are linked),
// dismisses another possible duplicate (not offered again after saving,
// nor on the person page), reaches a new member without 47 Tabs, uses the
// skip link without losing the form, and records the family's crossing
// from its household page with a date typed as 30062025; the duplicate
// panel stacks at 360 px; a counsellor reads a status explanation in Dari,
// with the missing visa and the provisions' explanations.
//   SANAD_BINARY=build/dev/src/cli/sanad node --test tests/e2e/registrar.test.mjs
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Household, OpenBrowser, SignIn, Site } from './lib/site.mjs';

let site;
let earlier; // the household registered before, through the API

// A raw translation key on screen means a string is missing from a language.
const kRawKey = /\b(household|duplicates|registered|register|status|date|person)\.[a-z_]+\b/;

before(async () => {
  site = await new Site().Start();
  const created = await site.Api(
    'registrar',
    'POST',
    '/api/v1/households',
    Household([
      ['Mohammad Nabi', 'Abdul Rahman', 'Ghulam Hazrat', 'male', '1979', 'head'],
      ['Abdul Wali', 'Mohammad Nabi', 'Abdul Rahman', 'male', '2005', 'son'],
      ['Nazo', 'Mohammad Nabi', 'Abdul Rahman', 'female', '2010', 'daughter'],
    ]),
  );
  assert.equal(created.status, 201, JSON.stringify(created.body));
  earlier = created.body;
  // The father registered again elsewhere: a pair no test decides.
  const again = await site.Api('registrar', 'POST', '/api/v1/households', Household([['Mohammad Nabi', 'Abdul Rahman', 'Ghulam Hazrat', 'male', '1979', 'head']]));
  assert.equal(again.status, 201, JSON.stringify(again.body));
});

after(async () => {
  await site?.Stop();
});

// Fills member `index` of the register form.
async function FillMember(page, index, { given, father, sex, relationship, year }) {
  const m = page.locator(`[data-member="${index}"]`);
  await m.locator('input[id$="-given_name"]').fill(given);
  await m.locator('input[id$="-father_name"]').fill(father);
  await m.locator('select[id$="-sex"]').selectOption(sex);
  await m.locator('select[id$="-relationship"]').selectOption(relationship);
  await m.locator('input[id$="-birth"]').fill(year);
}

// Waits (up to 5 s) for the focus to reach a field whose id matches `pattern`:
// the app moves it after the click's render, so asking at once would race.
async function FocusReaches(page, pattern) {
  try {
    await page.waitForFunction((source) => new RegExp(source).test(document.activeElement?.id ?? ''), pattern.source, { timeout: 5000 });
  } catch {
    assert.fail(`the focus stayed on "${await page.evaluate(() => document.activeElement?.id ?? '')}", not a field matching ${pattern}`);
  }
}

describe('a registrar', () => {
  test('links a duplicate, dismisses another, and records a crossing', async () => {
    const b = await OpenBrowser();
    try {
      const { page } = b;
      await SignIn(page, site, 'registrar');
      await page.goto(`${site.url}/#/register`);
      await page.locator('#register-title').waitFor();
      await page.locator('#origin_province').fill('Khyber Pakhtunkhwa');
      await FillMember(page, 0, { given: 'Bibi Hawa', father: 'Sher Mohammad', sex: 'female', relationship: 'head', year: '1983' });

      // The skip link goes to the content and the form stays as typed.
      await page.evaluate(() => document.querySelector('.skip-link').focus());
      await page.keyboard.press('Enter');
      assert.equal(await page.evaluate(() => location.hash), '#/register');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
      assert.equal(await page.locator('[data-member="0"] input[id$="-given_name"]').inputValue(), 'Bibi Hawa');

      // "Add a member" puts the focus in the new member's first field.
      await page.getByRole('button', { name: 'Add a member' }).click();
      await page.locator('[data-member="1"]').waitFor();
      await FocusReaches(page, /^m\d+-given_name$/);
      await FillMember(page, 1, { given: 'Abdul Wali', father: 'Mohammad Nabi', sex: 'male', relationship: 'son', year: '2005' });
      // A document date being typed never stops the duplicate check.
      await page.locator('[data-member="1"]').getByRole('button', { name: 'Add a document' }).click();
      await FocusReaches(page, /-doc0-type$/);
      await page.locator('[data-member="1"] input[id$="-doc0-valid_until"]').fill('31/02/20');
      const son = earlier.members[1].id;
      const candidate = page.locator(`[data-member="1"] [data-candidate="${son}"]`);
      await candidate.waitFor({ timeout: 15000 });
      // "Already registered" is filled where the evidence says the same.
      const registered_name = await candidate.locator('tr[data-field="given_name"] td').nth(1).innerText();
      assert.match(registered_name, /Abdul Wali/);
      const registered_sex = await candidate.locator('tr[data-field="sex"] td').nth(1).innerText();
      assert.match(registered_sex, /Male/);
      const words = await candidate.innerText();
      assert.doesNotMatch(words, /skeleton|\belse\b|same_year|jw>=/);
      await candidate.getByRole('button', { name: 'Same person: link' }).click();
      await page.locator('[data-member="1"] .member-linked').waitFor();
      await page.locator('[data-member="1"] input[id$="-doc0-valid_until"]').fill('2030-12-31');
      await page.locator('[data-member="1"] select[id$="-doc0-type"]').selectOption('tazkira');
      await page.locator('[data-member="1"] input[id$="-doc0-number"]').fill('1401-0100-55599');

      await page.getByRole('button', { name: 'Add a member' }).click();
      await FillMember(page, 2, { given: 'Nazo', father: 'Mohammad Nabi', sex: 'female', relationship: 'daughter', year: '2010' });
      const daughter = earlier.members[2].id;
      const other = page.locator(`[data-member="2"] [data-candidate="${daughter}"]`);
      await other.waitFor({ timeout: 15000 });
      await other.getByRole('button', { name: 'Not the same: dismiss' }).click();
      await other.waitFor({ state: 'detached' });

      await page.getByRole('button', { name: 'Save the household' }).click();
      await page.locator('#registered-title').waitFor();
      // No member lost: all three saved, the son linked to his first record.
      assert.equal(await page.locator('ul.people').first().locator('li').count(), 3);
      await page.locator('.linked-records li').filter({ hasText: 'Abdul Wali' }).waitFor();
      assert.equal(await page.locator(`.possible-duplicates [data-candidate="${daughter}"]`).count(), 0);
      assert.equal(await page.locator(`.possible-duplicates [data-candidate="${son}"]`).count(), 0);

      // On the new daughter's page the dismissed pair is not offered either.
      await page.locator('ul.people').first().getByRole('link', { name: /Nazo/ }).click();
      await page.locator('.person-duplicates').waitFor();
      await page.locator('.person-duplicates [data-decision="not_same"]').waitFor();
      assert.equal(await page.locator(`.person-duplicates [data-candidate="${daughter}"]`).count(), 0);

      // The household page: record the family's crossing.
      await page.locator('a.open-household').click();
      await page.locator('.household-members').waitFor();
      assert.equal(await page.locator('.household-members > li').count(), 3);
      await page.locator('#record-crossing').click();
      await page.locator('#crossing-date').fill('30062025');
      assert.match(await page.locator('#crossing-date-preview').innerText(), /2025/);
      assert.match(await page.locator('#crossing-date-preview').innerText(), /June/);
      await page.locator('#crossing-point').selectOption('Torkham');
      await page.locator('#crossing-mode').selectOption('deported');
      await page.getByRole('button', { name: 'Save the crossing' }).click();
      await page.locator('.crossings li').filter({ hasText: 'Torkham' }).waitFor();
      assert.equal(await page.locator('body').innerText().then((t) => kRawKey.test(t)), false);
      const household_id = await page.evaluate(() => location.hash.split('/')[2]);
      const saved = await site.Api('registrar', 'GET', `/api/v1/households/${household_id}`);
      const movements = await site.Api('registrar', 'GET', `/api/v1/persons/${saved.body.members[1].id}/movements`);
      assert.equal(movements.status, 200);
      assert.equal(movements.body.items.length, 1);
      assert.equal(movements.body.items[0].date, '2025-06-30');
      assert.equal(movements.body.items[0].mode, 'deported');
    } finally {
      await b.Close();
    }
  });

  test('records a crossing at a point the administrator added', async () => {
    const added = await site.Api('admin', 'POST', '/api/v1/crossing-points', { name: 'Nawa Pass', afghan_province: 'Kunar', spellings: ['Nawa', 'ناوه'] });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    const b = await OpenBrowser();
    try {
      const { page } = b;
      await SignIn(page, site, 'registrar');
      await page.goto(`${site.url}/#/household/${earlier.id}`);
      await page.locator('.household-members').waitFor();
      await page.locator('#record-crossing').click();
      // The site's list replaces the built-in one once it has loaded.
      await page.locator('#crossing-point option', { hasText: 'Nawa Pass' }).waitFor({ state: 'attached' });
      assert.equal(await page.locator('#crossing-point option', { hasText: 'Torkham' }).count(), 1, 'the built-in points are still offered');
      await page.locator('#crossing-date').fill('2025-07-02');
      await page.locator('#crossing-point').selectOption('Nawa Pass');
      await page.locator('#crossing-mode').selectOption('spontaneous');
      await page.getByRole('button', { name: 'Save the crossing' }).click();
      await page.locator('.crossings li').filter({ hasText: 'Nawa Pass' }).waitFor();
      const movements = await site.Api('registrar', 'GET', `/api/v1/persons/${earlier.members[0].id}/movements`);
      assert.equal(movements.status, 200);
      const recorded = movements.body.items.filter((m) => m.date === '2025-07-02');
      assert.equal(recorded.length, 1, JSON.stringify(movements.body));
      assert.equal(recorded[0].crossing_point, 'Nawa Pass');
    } finally {
      await b.Close();
    }
  });

  test('a household edited by someone else meanwhile: the 409 explains itself and keeps what was typed', async () => {
    const b = await OpenBrowser();
    try {
      const { page } = b;
      await SignIn(page, site, 'registrar');
      await page.goto(`${site.url}/#/household/${earlier.id}`);
      await page.locator('.household-members').waitFor();
      await page.locator('#edit-places').click();
      await page.locator('#place-current_location').fill('Samarkhel camp');
      // Meanwhile a colleague corrects the destination district.
      const now = await site.Api('registrar', 'GET', `/api/v1/households/${earlier.id}`);
      const theirs = await site.Api('registrar', 'PATCH', `/api/v1/households/${earlier.id}`, { version: now.body.version, destination_district: 'Kama' });
      assert.equal(theirs.status, 200, JSON.stringify(theirs.body));
      await page.getByRole('button', { name: 'Save the places' }).click();
      await page.getByText('Someone else saved a change to this household').waitFor();
      assert.equal(await page.locator('#place-current_location').inputValue(), 'Samarkhel camp');
      await page.getByRole('button', { name: 'Load their change' }).click();
      await page.getByText(`version ${theirs.body.version}`).waitFor();
      assert.equal(await page.locator('#place-current_location').inputValue(), 'Samarkhel camp');
      await page.getByRole('button', { name: 'Save the places' }).click();
      await page.locator('#edit-places').waitFor();
      const saved = await site.Api('registrar', 'GET', `/api/v1/households/${earlier.id}`);
      assert.equal(saved.body.current_location, 'Samarkhel camp');
      assert.equal(saved.body.destination_district, 'Kama');
    } finally {
      await b.Close();
    }
  });

  test('the duplicate panel stacks at 360 px', async () => {
    const b = await OpenBrowser({ width: 360, height: 740 });
    try {
      const { page } = b;
      await SignIn(page, site, 'registrar');
      await page.locator('#language').selectOption('ps');
      await page.goto(`${site.url}/#/person/${earlier.members[0].id}`);
      const card = page.locator('.person-duplicates .candidate').first();
      await card.waitFor({ timeout: 15000 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `the person page is ${overflow} px too wide at 360 px`);
      const cut = await card.evaluate((el) => el.scrollWidth - el.clientWidth);
      assert.ok(cut <= 1, `the duplicate card is cut by ${cut} px`);
      // In Pashto, in the user's words: no English button inside the panel.
      assert.doesNotMatch(await card.innerText(), /Same person|Not the same|Already registered/);
    } finally {
      await b.Close();
    }
  });
});

describe('a counsellor', () => {
  test('reads a status explanation in Dari', async () => {
    const b = await OpenBrowser();
    try {
      const { page } = b;
      await SignIn(page, site, 'counsellor');
      await page.locator('#language').selectOption('fa-AF');
      assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
      await page.goto(`${site.url}/#/status`);
      await page.locator('#status-check-title').waitFor();
      // 1402/08/10 in the Solar Hijri calendar is 2023-11-01: from that day
      // entry needs a passport and a visa.
      await page.locator('#check-date').fill('۱۴۰۲/۰۸/۱۰');
      assert.match(await page.locator('#check-date-preview').innerText(), /2023|۲۰۲۳/);
      await page.locator('#context-entry').check();
      await page.locator('.subpanel .button-secondary').click();
      await page.locator('select[id^="held-"]').selectOption('passport');
      await page.locator('form.panel > button[type="submit"]').click();
      const answer = page.locator('.status-answer');
      await answer.waitFor();
      assert.equal(await answer.getAttribute('data-status'), 'inadmissible');
      assert.match(await answer.locator('.status-badge').innerText(), /وارد شود/);
      assert.match(await answer.locator('.missing-documents').innerText(), /ویزه/);
      assert.ok((await answer.locator('.provision-explanation').count()) > 0, 'the provision is explained');
      const text = await answer.innerText();
      assert.doesNotMatch(text, /valid_until|deciding_document|missing_documents/);
      assert.doesNotMatch(text, kRawKey);
    } finally {
      await b.Close();
    }
  });

  test("reads a PoR card holder's status explanation in Dari: the provision, a next step and the status", async () => {
    const b = await OpenBrowser();
    try {
      const { page } = b;
      await page.setViewportSize({ width: 1280, height: 900 });
      await SignIn(page, site, 'counsellor');
      await page.locator('#language').selectOption('fa-AF');
      await page.goto(`${site.url}/#/status`);
      await page.locator('#status-check-title').waitFor();
      assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'fa-AF');
      // 2024-05-01 is covered by the PoR extension to 2024-06-30.
      await page.locator('#check-date').fill('2024-05-01');
      await page.locator('#context-stay').check();
      await page.locator('.subpanel .button-secondary').click();
      await page.locator('select[id^="held-"]').selectOption('por_card');
      await page.locator('form.panel > button[type="submit"]').click();
      const answer = page.locator('.status-answer');
      await answer.waitFor();
      assert.equal(await answer.getAttribute('data-status'), 'lawful');
      // The status, in Dari.
      assert.match(await answer.locator('.status-badge').innerText(), /اقامت قانونی/);
      assert.match(await answer.locator('.status-explained').innerText(), /سندی که برای اقامت قانونی پذیرفته شده/);
      // The provision's explanation, in Dari from the policy file, marked as Dari.
      const provision = answer.locator('[data-provision="por-extension-2024"]');
      const explanation = provision.locator('.provision-explanation').first();
      // Dates sit in left-to-right isolates (U+2066..U+2069) so RTL text keeps 2024-06-30 whole.
      const plain = (text) => text.replace(/[\u2066-\u2069]/g, '');
      assert.equal(
        plain(await explanation.innerText()),
        'کارت‌های PoR تا 2024-06-30 معتبر می‌مانند، هر تاریخی که روی آن‌ها چاپ شده باشد.',
      );
      assert.match(await explanation.innerText(), /\u20662024-06-30\u2069/);
      assert.equal(await explanation.getAttribute('lang'), 'fa-AF');
      assert.equal(await explanation.getAttribute('dir'), 'rtl');
      assert.equal(plain(await provision.locator('.provision-title').innerText()), 'کارت‌های PoR تا 2024-06-30 تمدید شد');
      // Why, in Dari: the engine's sentence quotes the provision's Dari title.
      assert.equal(
        plain(await answer.locator('.status-reason').innerText()),
        'کارت PoR طبق «کارت‌های PoR تا 2024-06-30 تمدید شد» [por-extension-2024] اقامت قانونی می‌دهد.',
      );
      // A next step, in Dari.
      const steps = answer.locator('.next-steps');
      assert.equal(await steps.getAttribute('lang'), 'fa-AF');
      assert.match(await steps.innerText(), /کارت PoR و سند تمدید \(اطلاعیهٔ UNHCR یا گزارش رسانه‌ها\) را با خود داشته باشید/);
      const text = await answer.innerText();
      assert.doesNotMatch(text, /whatever date is printed|Carry the PoR card/, 'no English provision text');
      assert.doesNotMatch(text, kRawKey);
      await page.locator('.status-answer').evaluate((e) => e.closest('section').scrollIntoView());
      await page.screenshot({ path: new URL('../../docs/screenshots/status-dari.png', import.meta.url).pathname, fullPage: true });
    } finally {
      await b.Close();
    }
  });
});

describe('an administrator', () => {
  test('erases a member from the household page, with a reason, and nothing else changes', async () => {
    const b = await OpenBrowser();
    try {
      const { page } = b;
      await SignIn(page, site, 'admin');
      await page.goto(`${site.url}/#/household/${earlier.id}`);
      await page.locator('.household-members').waitFor();
      const before = await page.locator('.household-members > li').count();
      const nazo = page.locator(`.household-members > li[data-person="${earlier.members[2].id}"]`);
      await nazo.getByRole('button', { name: /Erase the record of/ }).click();
      await nazo.getByLabel('Why is the record erased?').fill('too short');
      await nazo.getByRole('button', { name: 'Erase for good' }).click();
      await nazo.getByText('Say why, in at least 10 characters.').waitFor();
      await nazo.getByLabel('Why is the record erased?').fill('the person asked for it');
      await nazo.getByRole('button', { name: 'Erase for good' }).click();
      await nazo.waitFor({ state: 'detached' });
      assert.equal(await page.locator('.household-members > li').count(), before - 1);
      const gone = await site.Api('admin', 'GET', `/api/v1/persons/${earlier.members[2].id}`);
      assert.equal(gone.status, 404);
    } finally {
      await b.Close();
    }
  });
});
