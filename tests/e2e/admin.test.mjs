// The administrator's day in the browser (issue 16, "What it must show"):
// an admin adds a user (the password shown once lets them sign in, and
// they choose their own before anything else), resets the password (theirs
// stops working), changes the site's k (reports
// then use it, and the change is in the audit log with the old and new
// value; below it, the site's sync with a hub), makes an export with a
// purpose and downloads it once (the server
// then answers 410; the file opens with `sanad export decrypt`), reads the
// audit log filtered and verifies the chain; and the screens in Pashto.
//   SANAD_BINARY=build/dev/src/cli/sanad node --test tests/e2e/admin.test.mjs
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { Household, OpenBrowser, SanadBinary, SignIn, Site } from './lib/site.mjs';

let site;

// A raw translation key on screen means a string is missing from a language.
const kRawKey = /\badmin\.[a-z_]+\.[a-z_.]+\b/;

async function SignInStatus(username, password) {
  const response = await fetch(`${site.url}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  return response.status;
}

before(async () => {
  site = await new Site().Start();
  const created = await site.Api('registrar', 'POST', '/api/v1/households', Household([['Gul Ahmad', 'Sher Mohammad', 'Noor Mohammad', 'male', '1975', 'head']]));
  assert.equal(created.status, 201, JSON.stringify(created.body));
});

after(async () => {
  await site?.Stop();
});

describe("the administrator's day", () => {
  test('adds a user, resets the password, changes k, exports once, reads and verifies the audit log', async () => {
    const b = await OpenBrowser();
    try {
      const { page } = b;
      await SignIn(page, site, 'admin');
      await page.locator('nav a[href="#/admin_users"]').click();
      await page.locator('#admin-users-title').waitFor();

      // A new account: the password the server made is shown once.
      await page.locator('#new-username').fill('farida');
      await page.locator('#new-role').selectOption('registrar');
      await page.getByRole('button', { name: 'Add the account' }).click();
      const shown = page.locator('.one-time-password[data-user="farida"]');
      await shown.waitFor();
      const first = (await shown.textContent()).trim();
      assert.match(first, /^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$/);
      await page.locator('li[data-user="farida"]').waitFor();

      // Farida signs in with it, and chooses her own before anything else.
      const f = await OpenBrowser();
      try {
        await f.page.goto(`${site.url}/`);
        await f.page.getByLabel('Username').fill('farida');
        await f.page.getByLabel('Password').fill(first);
        await f.page.getByRole('button', { name: 'Sign in' }).click();
        await f.page.locator('#change-password-title').waitFor();
        assert.equal(await f.page.locator('nav a[href="#/register"]').count(), 0);
        await f.page.locator('#current-password').fill(first);
        await f.page.locator('#new-password-own').fill('farida chooses her own');
        await f.page.locator('#repeat-password-own').fill('farida chooses her own');
        await f.page.getByRole('button', { name: 'Save my password' }).click();
        await f.page.locator('#home-title').waitFor();
        await f.page.locator('nav a[href="#/register"]').waitFor();
      } finally {
        await f.Close();
      }
      assert.equal(await SignInStatus('farida', first), 401);
      assert.equal(await SignInStatus('farida', 'farida chooses her own'), 200);

      // Reset: a new password, hers no longer works.
      await page.locator('li[data-user="farida"] button[data-action="reset"]').click();
      await page.locator('.notice-success', { hasText: /password of .*farida.* was reset/ }).waitFor();
      const second = (await page.locator('.one-time-password[data-user="farida"]').textContent()).trim();
      assert.notEqual(second, first);
      assert.equal(await SignInStatus('farida', 'farida chooses her own'), 401);
      assert.equal(await SignInStatus('farida', second), 200);

      // The site's k: 5 until changed; reports then use 7.
      await page.locator('.admin-tabs a[href="#/admin_settings"]').click();
      await page.locator('#admin-settings-title').waitFor();
      // The field shows the site's k once it is read: 5 until changed.
      await page.waitForFunction(() => document.querySelector('#settings-k')?.value === '5');
      await page.locator('#settings-k').fill('7');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.locator('.notice-success', { hasText: 'k went from 5 to 7' }).waitFor();
      const report = await site.Api('analyst', 'GET', '/api/v1/reports/cases');
      assert.equal(report.body.disclosure_control.k, 7);
      assert.equal((await site.Api('analyst', 'GET', '/api/v1/reports/cases?k=5')).status, 403);
      // Below it, the site's sync with a hub (issue 14): none configured here.
      await page.locator('.sync-panel .sync-not-configured').waitFor();
      assert.match(await page.locator('.sync-panel .sync-conflicts').textContent(), /No record is in conflict/);

      // An export with its purpose, downloaded once.
      await page.locator('.admin-tabs a[href="#/admin_exports"]').click();
      await page.locator('#admin-exports-title').waitFor();
      await page.locator('#export-purpose').fill('monthly transfer to the Jalalabad hub');
      await page.locator('#export-passphrase').fill('a long shared passphrase');
      await page.locator('#export-repeat').fill('a long shared passphrase');
      await page.getByRole('button', { name: 'Make the export' }).click();
      await page.locator('.notice-success', { hasText: 'export of 1 persons is ready' }).waitFor();
      const link = page.locator('.export a[download]');
      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      const file = await download.path();
      assert.equal(readFileSync(file).subarray(0, 9).toString(), 'SANADEXP1');
      const opened = spawnSync(SanadBinary(), ['export', 'decrypt', file], {
        encoding: 'utf8',
        env: { ...process.env, SANAD_EXPORT_PASSPHRASE: 'a long shared passphrase' },
      });
      assert.equal(opened.status, 0, opened.stderr);
      assert.match(opened.stdout, /Gul Ahmad/);
      await page.locator('.export .export-gone').waitFor();
      const exports = await site.Api('admin', 'GET', '/api/v1/exports');
      const again = await site.Api('admin', 'GET', `/api/v1/exports/${exports.body.items[0].id}/file`);
      assert.equal(again.status, 410);

      // The audit log: the k change with old and new value, the export with
      // its purpose; then the chain verifies.
      await page.locator('.admin-tabs a[href="#/admin_audit"]').click();
      await page.locator('#admin-audit-title').waitFor();
      await page.locator('#audit-action').fill('settings.k');
      await page.getByRole('button', { name: 'Show' }).click();
      const k_row = page.locator('tr[data-action="settings.k"]');
      await k_row.waitFor();
      assert.match(await k_row.textContent(), /5 -> 7/);
      assert.match(await k_row.textContent(), /admin/);
      await page.locator('#audit-action').fill('export.');
      await page.getByRole('button', { name: 'Show' }).click();
      await page.locator('tr[data-action="export.download"]').waitFor();
      assert.match(await page.locator('tr[data-action="export.persons"]').textContent(), /monthly transfer to the Jalalabad hub/);
      await page.locator('#audit-verify').click();
      await page.locator('.audit-intact').waitFor();
      assert.match(await page.locator('.audit-intact').textContent(), /The chain is intact/);

      assert.deepEqual(b.errors, []);
      assert.deepEqual(b.foreign, []);
    } finally {
      await b.Close();
    }
  });

  test('crossing points, organisations and the policy, in Pashto', async () => {
    const b = await OpenBrowser();
    try {
      const { page } = b;
      await SignIn(page, site, 'admin');
      await page.locator('#language').selectOption('ps');
      assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
      await page.goto(`${site.url}/#/admin_crossings`);
      await page.locator('#admin-crossings-title').waitFor();
      await page.locator('#crossing-name').fill('Nawa Pass');
      await page.locator('#crossing-province').fill('Kunar');
      await page.locator('#crossing-spellings').fill('Nawa, ناوه');
      await page.locator('form button[type="submit"]').click();
      await page.locator('li[data-crossing="Nawa Pass"]').waitFor();
      // A registrar may now record a crossing there, under any of its spellings.
      const household = await site.Api('registrar', 'GET', '/api/v1/persons?q=gul');
      const moved = await site.Api('registrar', 'POST', '/api/v1/movements', {
        date: '2025-03-01',
        crossing_point: 'ناوه',
        direction: 'to_afghanistan',
        mode: 'spontaneous',
        household_id: household.body.items[0].household_id,
      });
      assert.equal(moved.status, 201, JSON.stringify(moved.body));
      assert.equal(moved.body.crossing_point, 'Nawa Pass');

      for (const [hash, ready] of [
        ['admin_organisations', '#admin-organisations-title'],
        ['admin_policy', '.provision'],
        ['admin_users', '.account'],
        ['admin_audit', '.audit-table'],
        ['admin_exports', '#admin-exports-title'],
        ['admin_settings', '.sync-panel .sync-conflicts'],
      ]) {
        await page.goto(`${site.url}/#/${hash}`);
        await page.locator(ready).first().waitFor();
        await page.waitForLoadState('networkidle');
        const text = await page.locator('main').textContent();
        assert.doesNotMatch(text, kRawKey, `${hash} shows a raw translation key`);
      }
      // Other roles see no administration.
      const other = await OpenBrowser();
      try {
        await SignIn(other.page, site, 'registrar');
        assert.equal(await other.page.locator('nav a[href="#/admin_users"]').count(), 0);
        await other.page.goto(`${site.url}/#/admin_audit`);
        await other.page.locator('#refused-title').waitFor();
      } finally {
        await other.Close();
      }
      assert.deepEqual(b.errors, []);
    } finally {
      await b.Close();
    }
  });
});
