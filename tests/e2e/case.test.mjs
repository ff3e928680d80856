// Protection cases, referrals and family tracing in the browser (issue 12,
// "What it must show"): a caseworker opens a case for a detained person
// from the incident that names them and refers them to legal aid; a
// counsellor (the receiving side) accepts the referral; the caseworker sees
// it accepted, records a follow-up note, meets a stale write without losing
// what was typed, and closes the case with a reason. A referral without
// recorded consent cannot be sent, and the server's refusal is shown when
// the consent is withdrawn meanwhile. A tracing request finds a brother
// registered in the other script and is confirmed. An analyst sees no case
// screen.
//   SANAD_BINARY=build/dev/src/cli/sanad node --test tests/e2e/case.test.mjs
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Household, OpenBrowser, SignIn, Site } from './lib/site.mjs';

let site;
let detained; // the household of the person detained
let incident_id;
let organisation_id;
let case_id; // the case the caseworker opens

// A raw translation key on screen means a string is missing from a language.
const kRawKey = /\b(case|cases|case_new|case_status|referral|referral_status|tracing|closure|service|shared|priority|sought_relationship|separation_cause)\.[a-z_]+\b/;

// The text of an element without the Unicode isolates that keep names and
// dates in order inside right-to-left sentences.
async function Plain(locator) {
  return (await locator.innerText()).replace(/[\u2066-\u2069]/g, '');
}

function DaysFromToday(n) {
  const d = new Date();
  d.setDate(d.getDate() + n);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

before(async () => {
  site = await new Site().Start();
  const organisation = await site.Api('admin', 'POST', '/api/v1/organisations', { name: 'Balochistan Legal Aid Network', services: ['legal_aid'] });
  assert.equal(organisation.status, 201, JSON.stringify(organisation.body));
  organisation_id = organisation.body.id;
  await site.Api('admin', 'POST', '/api/v1/organisations', { name: 'Torkham Health Post', services: ['health'] });

  // A PoR holder detained at a checkpoint, who agreed to referral; his
  // brother, registered without that consent.
  const household = Household([
    ['Mohammad Wali', 'Abdullah', 'Ghulam Hazrat', 'male', '1986', 'head'],
    ['Gul Bibi', 'Sher Khan', '', 'female', '1990', 'spouse'],
  ]);
  household.members[0].documents = [{ type: 'por_card', number: 'PoR-0007654321', issued: '2021', valid_until: '2025-06-30' }];
  household.members[0].consents = ['registration', 'referral', 'tracing'];
  const created = await site.Api('registrar', 'POST', '/api/v1/households', household);
  assert.equal(created.status, 201, JSON.stringify(created.body));
  detained = created.body;
  const incident = await site.Api('registrar', 'POST', '/api/v1/incidents', {
    date: '2025-05-12',
    province: 'Balochistan',
    district: 'Quetta',
    type: 'detention',
    place_type: 'checkpoint',
    perpetrator: 'police',
    persons: [{ person_id: detained.members[0].id, documents_held: [{ type: 'por_card' }], detention: { held_at: 'Hajji Camp', outcome: 'still_detained' } }],
    source: 'family',
    consents: ['legal_aid', 'referral'],
    notes: '',
  });
  assert.equal(incident.status, 201, JSON.stringify(incident.body));
  incident_id = incident.body.id;
});

after(async () => {
  await site?.Stop();
});

describe('protection cases and referrals', () => {
  test('a caseworker opens a case from the incident and refers the person to legal aid', async () => {
    const b = await OpenBrowser();
    try {
      const { page } = b;
      await SignIn(page, site, 'caseworker');
      // The home is "My cases": none yet.
      await page.locator('#cases-title').waitFor();
      await page.locator('.cases-none').waitFor();

      await page.goto(`${site.url}/#/incident/${incident_id}`);
      await page.locator('.incident-person-card a.open-case').click();
      await page.locator('#case-new-title').waitFor();
      // The incident's risk and, for someone still detained, high priority.
      await page.locator('#case-risks-arbitrary_arrest_detention:checked').waitFor();
      assert.equal(await page.locator('#case-priority').inputValue(), 'high');
      await page.locator('#case-risks-forced_return').check();
      assert.doesNotMatch(await Plain(page.locator('main')), kRawKey);
      await page.locator('form button[type="submit"]').click();
      await page.locator('#case-title').waitFor();
      case_id = page.url().split('/').pop();
      assert.match(case_id, /^[0-9a-f-]{36}$/);
      assert.match(await Plain(page.locator('#case-title')), /Mohammad Wali/);
      assert.equal(await page.locator('.case').getAttribute('data-status'), 'open');
      assert.match(await Plain(page.locator('#case-incident-title + p a')), /Detention/);
      // The household is summarised with the person.
      assert.match(await Plain(page.locator('.household-members')), /Gul Bibi/);

      // A follow-up step already past its date: the case is overdue.
      await page.locator('#task-title').fill('Visit the family in Quetta');
      await page.locator('#task-due').fill(DaysFromToday(-2));
      await page.locator('.add-task button[type="submit"]').click();
      await page.locator('.task.overdue').waitFor();

      // The referral: the consent that covers it is shown before sending.
      const form = page.locator('.referral-form');
      await form.locator('#referral-service').selectOption('legal_aid');
      // Only organisations offering the service are offered.
      assert.deepEqual(
        await form.locator('#referral-organisation option').allInnerTexts(),
        ['Choose…', 'Balochistan Legal Aid Network'],
      );
      await form.locator('#referral-organisation').selectOption(organisation_id);
      await form.locator('#referral-fields-documents').check();
      const cover = form.locator('.consent-cover');
      assert.equal(await cover.getAttribute('data-covered'), '1');
      assert.match(await Plain(cover), /consent to referral that Mohammad Wali/);
      await form.locator('button[type="submit"]').click();
      const referral = page.locator('.referral-list .referral');
      await referral.waitFor();
      assert.equal(await referral.getAttribute('data-status'), 'pending');
      assert.match(await Plain(referral), /Given name, Father's name, Documents/);
      assert.match(await Plain(page.locator('.referral-sent')), /Referral sent/);
      assert.doesNotMatch(await Plain(page.locator('main')), kRawKey);

      // Home: the case, overdue, first.
      await page.locator('nav a[href="#/"]').click();
      const first = page.locator('.case-results > li').first();
      await first.waitFor();
      assert.equal(await first.locator('a').getAttribute('data-case'), case_id);
      assert.match(await first.getAttribute('class'), /overdue/);
      assert.match(await Plain(first), /Mohammad Wali/);
      assert.deepEqual(b.errors, []);
      assert.deepEqual(b.foreign, []);
    } finally {
      await b.Close();
    }
  });

  test('a counsellor accepts the legal-aid referral and sees no caseworker buttons', async () => {
    assert.ok(case_id, 'the caseworker opened the case');
    const b = await OpenBrowser();
    try {
      const { page } = b;
      await SignIn(page, site, 'counsellor');
      await page.locator('nav a[href="#/cases"]').click();
      await page.locator('#cases-title').waitFor();
      await page.locator(`.case-results a[data-case="${case_id}"]`).click();
      await page.locator('#case-title').waitFor();
      const referral = page.locator('.referral-list .referral');
      await referral.waitFor();
      // The receiving side answers; withdrawing belongs to the caseworker.
      assert.deepEqual(await referral.locator('button').evaluateAll((bs) => bs.map((x) => x.dataset.to)), ['accepted', 'declined']);
      // No dead buttons: a counsellor does not move, note or refer.
      assert.equal(await page.locator('.status-actions, .close-case, .add-note, .add-task, .referral-form, .edit-case').count(), 0);
      await referral.locator('textarea').fill('Lawyer assigned; she visits Hajji Camp on Monday.');
      await referral.locator('button[data-to="accepted"]').click();
      await page.locator('.referral[data-status="accepted"]').waitFor();
      assert.match(await Plain(page.locator('.outcome-note')), /Hajji Camp on Monday/);
      assert.deepEqual(b.errors, []);
    } finally {
      await b.Close();
    }
  });

  test('the caseworker sees the referral accepted, notes the follow-up, keeps a stale edit, and closes the case', async () => {
    assert.ok(case_id, 'the caseworker opened the case');
    const b = await OpenBrowser();
    try {
      const { page } = b;
      await SignIn(page, site, 'caseworker');
      await page.goto(`${site.url}/#/case/${case_id}`);
      await page.locator('#case-title').waitFor();
      const referral = page.locator('.referral-list .referral');
      assert.equal(await referral.getAttribute('data-status'), 'accepted');
      assert.match(await Plain(referral), /Accepted/);
      // The caseworker may withdraw it; accepting again is not offered.
      assert.deepEqual(await referral.locator('button').evaluateAll((bs) => bs.map((x) => x.dataset.to)), ['completed', 'withdrawn']);

      // A follow-up note, with its author and time; notes are never edited.
      await page.locator('#note-text').fill('Called the lawyer: the hearing is on Monday, the family is informed.');
      await page.locator('.add-note button[type="submit"]').click();
      const note = page.locator('.note-list .note').first();
      await note.waitFor();
      assert.match(await Plain(note.locator('.note-meta')), /caseworker/);
      assert.match(await Plain(note.locator('.note-text')), /hearing is on Monday/);
      // A correction is a new note naming the one it corrects.
      await note.locator('button').click();
      await page.locator('#note-text').fill('Correction: the hearing is on Tuesday.');
      await page.locator('.add-note button[type="submit"]').click();
      await page.locator('.note-list .note').nth(1).waitFor();
      assert.equal(await page.locator('.note-list .note').count(), 2);
      assert.match(await Plain(page.locator('.note-list')), /corrects the note of/);
      assert.match(await Plain(page.locator('.note-list')), /hearing is on Monday/);

      // Someone else changes the case while the caseworker edits the risks:
      // a 409, a clear message, the case reloaded, the ticks kept.
      const version = Number(await page.locator('.case').getAttribute('data-version'));
      await page.locator('.edit-case summary').click();
      await page.locator('#edit-risks-family_separation').check();
      const other = await site.Api('caseworker', 'PATCH', `/api/v1/cases/${case_id}`, { version, priority: 'medium' });
      assert.equal(other.status, 200, JSON.stringify(other.body));
      await page.locator('.edit-case button[type="submit"]').click();
      await page.locator('.conflict-message').waitFor();
      await page.locator(`.case[data-version="${version + 1}"]`).waitFor();
      assert.match(await Plain(page.locator('.priority')), /Medium/);
      assert.ok(await page.locator('#edit-risks-family_separation').isChecked(), 'what was ticked is kept');
      await page.locator('.edit-case button[type="submit"]').click();
      await page.locator(`.case[data-version="${version + 2}"]`).waitFor();
      assert.match(await Plain(page.locator('.case-risks')), /Family separation/);

      // The status machine: a forward move, then closing needs a reason.
      await page.locator('.status-actions button[data-to="assessed"]').click();
      await page.locator('.case[data-status="assessed"]').waitFor();
      await page.locator('.close-case button[data-to="closed"]').click();
      await page.locator('#closure-reason-error').waitFor();
      assert.equal(await page.locator('.case').getAttribute('data-status'), 'assessed');
      await page.locator('#closure-reason').selectOption('needs_met');
      await page.locator('.close-case button[data-to="closed"]').click();
      await page.locator('.case[data-status="closed"]').waitFor();
      assert.match(await Plain(page.locator('#case-status-title + p')), /Closed · Needs met/);
      assert.match(await Plain(page.locator('.case-history')), /Assessed → Closed, by caseworker/);
      // Closed: only reopening is offered, and no new referral.
      assert.deepEqual(await page.locator('.status-actions button').evaluateAll((bs) => bs.map((x) => x.dataset.to)), ['open']);
      assert.equal(await page.locator('.referral-form').count(), 0);
      assert.doesNotMatch(await Plain(page.locator('main')), kRawKey);

      const saved = await site.Api('caseworker', 'GET', `/api/v1/cases/${case_id}`);
      assert.equal(saved.body.status, 'closed');
      assert.equal(saved.body.closure_reason, 'needs_met');
      assert.equal(saved.body.notes.length, 2);
      assert.deepEqual(b.errors, []);
    } finally {
      await b.Close();
    }
  });

  test('without recorded consent the referral cannot be sent, and a refusal by the server is shown', async () => {
    const b = await OpenBrowser();
    try {
      const { page } = b;
      // The spouse never agreed to referral.
      const spouse = detained.members[1];
      const opened = await site.Api('caseworker', 'POST', '/api/v1/cases', { person_id: spouse.id, risks: ['family_separation'] });
      assert.equal(opened.status, 201, JSON.stringify(opened.body));
      await SignIn(page, site, 'caseworker');
      await page.goto(`${site.url}/#/case/${opened.body.id}`);
      const form = page.locator('.referral-form');
      await form.locator('.consent-cover[data-covered="0"]').waitFor();
      assert.match(await Plain(form.locator('.consent-cover')), /No consent to referral is recorded for Gul Bibi/);
      assert.ok(await form.locator('button[type="submit"]').isDisabled());

      // The head agreed on the form, then withdrew his consent meanwhile:
      // the server refuses, and says why.
      const head_case = await site.Api('caseworker', 'POST', '/api/v1/cases', { person_id: detained.members[0].id, risks: ['forced_return'] });
      assert.equal(head_case.status, 201, JSON.stringify(head_case.body));
      await page.goto(`${site.url}/#/case/${head_case.body.id}`);
      await form.locator('.consent-cover[data-covered="1"]').waitFor();
      const household = await site.Api('registrar', 'GET', `/api/v1/households/${detained.id}`);
      const withdrawn = await site.Api('registrar', 'PATCH', `/api/v1/households/${detained.id}`, {
        version: household.body.version,
        members: [{ id: detained.members[0].id, consents: ['registration', 'tracing'] }],
      });
      assert.equal(withdrawn.status, 200, JSON.stringify(withdrawn.body));
      await form.locator('#referral-service').selectOption('legal_aid');
      await form.locator('#referral-organisation').selectOption(organisation_id);
      await form.locator('button[type="submit"]').click();
      await form.locator('.notice-error').waitFor();
      assert.match(await Plain(form.locator('.notice-error')), /no consent to referral is recorded for this person/);
      assert.equal(await page.locator('.referral-list').count(), 0);
    } finally {
      await b.Close();
    }
  });

  test('an analyst sees no case screen', async () => {
    assert.ok(case_id, 'the caseworker opened the case');
    const b = await OpenBrowser();
    try {
      const { page } = b;
      await SignIn(page, site, 'analyst');
      assert.equal(await page.locator('nav a[href="#/cases"], #cases-title').count(), 0);
      await page.goto(`${site.url}/#/case/${case_id}`);
      await page.locator('#refused-title').waitFor();
      const status = await page.evaluate(async (id) => (await fetch(`/api/v1/cases/${id}`)).status, case_id);
      assert.equal(status, 403);
    } finally {
      await b.Close();
    }
  });
});

describe('family tracing', () => {
  test('a tracing request finds a brother registered in the other script, and is confirmed', async (t) => {
    if (!(await site.HasRoute('GET', '/api/v1/tracing-requests?status=open'))) {
      t.skip('the tracing API (POST /api/v1/tracing-requests) is not in this server yet');
      return;
    }
    // The brother, registered in Perso-Arabic at another household, who agreed to tracing.
    const brother = Household([['احمد ولی', 'عبدالله', 'غلام حضرت', 'male', '1990', 'head']]);
    brother.members[0].consents = ['registration', 'tracing'];
    const registered = await site.Api('registrar', 'POST', '/api/v1/households', brother);
    assert.equal(registered.status, 201, JSON.stringify(registered.body));
    const brother_id = registered.body.members[0].id;
    // A namesake without tracing consent is never shown.
    const hidden = Household([['احمد ولی', 'عبدالله', 'غلام حضرت', 'male', '1990', 'head']]);
    const other = await site.Api('registrar', 'POST', '/api/v1/households', hidden);
    assert.equal(other.status, 201, JSON.stringify(other.body));

    const b = await OpenBrowser();
    try {
      const { page } = b;
      await SignIn(page, site, 'caseworker');
      // The spouse never agreed to tracing: no request for her.
      await page.goto(`${site.url}/#/tracing_new?person=${detained.members[1].id}`);
      await page.locator('.tracing-consent[data-consented="0"]').waitFor();
      assert.ok(await page.locator('form button[type="submit"]').isDisabled());

      await page.goto(`${site.url}/#/person/${detained.members[0].id}`);
      await page.locator('a.new-tracing').click();
      await page.locator('#tracing-new-title').waitFor();
      const sought = page.locator('fieldset.sought').first();
      await sought.locator('select[id$="-relationship"]').selectOption('brother');
      // The family structure fills the father's and grandfather's names
      // (once the inquirer's record is read).
      await sought.locator('.hint', { hasText: 'from the family structure' }).first().waitFor();
      assert.match(await Plain(sought), /Left empty: .*Abdullah.*, from the family structure/);
      await sought.locator('input[id$="-given_name"]').fill('Ahmad Wali');
      await sought.locator('select[id$="-sex"]').selectOption('male');
      await sought.locator('input[id$="-birth"]').fill('35');
      await sought.locator('select[id$="-separation_cause"]').selectOption('detention');
      await sought.locator('input[id$="-separation_place"]').fill('Quetta');
      assert.doesNotMatch(await Plain(page.locator('main')), kRawKey);
      await page.locator('form button[type="submit"]').click();
      await page.locator('#tracing-title').waitFor();
      const first = page.locator('[data-sought="0"] .match-list .match').first();
      await first.waitFor();
      assert.equal(await first.getAttribute('data-match'), brother_id, 'the brother ranks first');
      assert.equal(await page.locator(`[data-match="${other.body.members[0].id}"]`).count(), 0, 'no one without tracing consent');
      assert.match(await Plain(first.locator('.compare')), /same name, other script|sounds alike|same/);
      await first.locator('button[data-decision="confirm"]').click();
      await page.locator('.decided').waitFor();
      assert.match(await Plain(page.locator('.decided')), /Confirmed: احمد ولی/);
      await page.locator('[data-sought="0"] .found-mark').waitFor();
      const request = await site.Api('caseworker', 'GET', page.url().replace(/^.*#\/tracing\//, '/api/v1/tracing-requests/'));
      assert.equal(request.status, 200, JSON.stringify(request.body));
      assert.equal(request.body.sought[0].found, true);
      assert.doesNotMatch(await Plain(page.locator('main')), kRawKey);
      assert.deepEqual(b.errors, []);
    } finally {
      await b.Close();
    }
  });
});
