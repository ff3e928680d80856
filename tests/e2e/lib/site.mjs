// A real site for the browser tests: `sanad serve` on a fresh SQLite database
// in a temporary directory, on a free loopback port, with one account per
// role made by `sanad user add` (password on standard input); and Debian's
// Chromium driven by playwright-core, with a fresh profile each time.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const kPassword = 'correct horse battery staple';
export const kRoles = ['admin', 'registrar', 'counsellor', 'caseworker', 'analyst'];

export function SanadBinary() {
  const binary = process.env.SANAD_BINARY;
  if (!binary) throw new Error('Set SANAD_BINARY to the sanad executable (ctest does).');
  return binary;
}

function Run(args, input) {
  const result = spawnSync(SanadBinary(), args, { input, encoding: 'utf8', timeout: 60000 });
  if (result.status !== 0) {
    throw new Error(`sanad ${args.join(' ')} exited ${result.status}: ${result.stderr}${result.stdout}`);
  }
  return result.stdout;
}

export class Site {
  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'sanad-e2e-'));
    this.db = join(this.dir, 't.db');
    this.key_file = join(this.dir, 'site.key');
    this.process = null;
    this.url = '';
    this.output = '';
  }

  // Runs a sanad command against this site's database and key.
  Sanad(args, input) {
    return Run([...args, '--db', this.db, '--key-file', this.key_file], input);
  }

  AddUser(username, role, password = kPassword) {
    this.Sanad(['user', 'add', '--username', username, '--role', role], `${password}\n`);
  }

  async Start() {
    for (const role of kRoles) this.AddUser(role, role);
    this.process = spawn(
      SanadBinary(),
      ['serve', '--db', this.db, '--key-file', this.key_file, '--bind', '127.0.0.1', '--port', '0'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    // Never leave a server behind, even when the test process dies.
    process.once('exit', () => this.process?.exitCode === null && this.process.kill('SIGKILL'));
    const port = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`sanad serve did not start:\n${this.output}`)), 60000);
      const read = (chunk) => {
        this.output += chunk.toString();
        const match = /at https?:\/\/[^:\s]+:(\d+)/.exec(this.output);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      };
      this.process.stdout.on('data', read);
      this.process.stderr.on('data', read);
      this.process.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`sanad serve exited ${code}:\n${this.output}`));
      });
    });
    this.url = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 100; i++) {
      try {
        const response = await fetch(`${this.url}/healthz`);
        if (response.ok) return this;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`sanad serve did not answer /healthz:\n${this.output}`);
  }

  async Stop() {
    if (this.process && this.process.exitCode === null) {
      const exited = new Promise((resolve) => this.process.once('exit', resolve));
      this.process.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10000))]);
      if (this.process.exitCode === null) this.process.kill('SIGKILL');
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  // Whether the server has this API route yet (routes land one issue at a
  // time): an unknown route answers 404 "there is no API route ...".
  async HasRoute(method, path, body) {
    const r = await this.Api('admin', method, path, body);
    return !(r.status === 404 && /no API route/.test(r.body?.error?.message ?? ''));
  }

  // Calls the JSON API as `username` with a bearer token (no cookie, so no
  // CSRF token needed). Returns { status, body }.
  async Api(username, method, path, body) {
    this.tokens ??= {};
    if (!this.tokens[username]) {
      const response = await fetch(`${this.url}/api/v1/session`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username, password: kPassword }),
      });
      if (!response.ok) throw new Error(`sign-in as ${username} failed: ${response.status}`);
      this.tokens[username] = (await response.json()).token;
    }
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${this.tokens[username]}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }
}

export const kChromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// A browser with a fresh profile. Close it with Close(); the profile is removed.
export async function OpenBrowser({ width = 1280, height = 900 } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'sanad-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.SANAD_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: kChromiumArgs,
    viewport: { width, height },
    locale: 'en-GB',
    timezoneId: 'Asia/Kabul',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(15000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) errors.push(m.text());
  });
  // Every request must go to the sanad server: the app loads nothing else.
  const foreign = [];
  page.on('request', (r) => {
    if (!/^(http:\/\/127\.0\.0\.1:\d+\/|data:|about:)/.test(r.url())) foreign.push(r.url());
  });
  return {
    context,
    page,
    errors,
    foreign,
    async Close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function SignIn(page, site, username, password = kPassword) {
  await page.goto(`${site.url}/`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#home-title').waitFor();
}

// A household as the API takes it; `names` are [given, father, grandfather].
export function Household(members, extra = {}) {
  return {
    origin_province: 'Khyber Pakhtunkhwa',
    origin_district: 'Peshawar',
    current_location: 'Torkham reception centre',
    destination_province: 'Nangarhar',
    destination_district: 'Behsud',
    members: members.map(([given, father, grandfather, sex, birth, relationship], i) => ({
      given_name: given,
      father_name: father,
      grandfather_name: grandfather,
      family_name: '',
      sex,
      birth_date: birth,
      phone: '',
      relationship: relationship ?? (i === 0 ? 'head' : 'other_relative'),
      documents: [],
      consents: ['registration', 'assistance'],
      vulnerabilities: [],
    })),
    ...extra,
  };
}

const kAxe = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

// axe runs through the DevTools protocol (page.evaluate), which the page's
// Content-Security-Policy does not restrict; nothing is injected as a <script>.
export async function Axe(page) {
  await page.evaluate(kAxe);
  return page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary}`),
    }));
  });
}
