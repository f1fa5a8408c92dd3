import type { Browser, BrowserContext, Page } from 'playwright-core';

import { AdminClient } from '../e2e/support/admin-client';
import { waitFor } from '../e2e/support/daemon-process';
import { insertInboxEvents } from '../e2e/support/inbox-rows';
import { launchChromium, recordForeignRequests, screenshot } from './support/chromium';
import { DemoProcess } from './support/demo-process';

jest.setTimeout(120_000);

// Anything the console shows arrives by polling within 5 s; a loaded CI machine gets more.
const SEEN = { timeout: 20_000 };

describe('the operator console on the demo data', () => {
  const demo = new DemoProcess();
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let foreign: string[];

  beforeAll(async () => {
    await demo.start();
    await demo.printed('Press Ctrl-C to stop');
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    foreign = recordForeignRequests(page, demo.url);
  });

  afterAll(async () => {
    await browser?.close();
    await demo.stop();
  });

  afterEach(() => {
    expect(foreign).toEqual([]);
  });

  it('should be announced by npm run demo with its URL', () => {
    expect(demo.stdout).toContain(`console: ${demo.url}/ui/`);
    expect(demo.stdout).toContain(`${demo.url}/ui/ `);
  });

  it('should refuse a wrong token and sign in with the admin token, keeping it out of the URL', async () => {
    await page.goto(`${demo.url}/ui/`);
    await page.getByTestId('token').fill('not-the-token');
    await page.getByTestId('sign-in-submit').click();
    await page.getByText('That token is not the admin token.').waitFor(SEEN);
    await screenshot(page, '01-sign-in');

    await page.getByTestId('token').fill(demo.token);
    await page.getByTestId('sign-in-submit').click();
    await page.getByTestId('matrix').waitFor(SEEN);

    expect(page.url().startsWith(`${demo.url}/ui/`)).toBe(true);
    expect(page.url()).not.toContain(demo.token);
    expect(await page.evaluate('sessionStorage.getItem("chat-bridge.adminToken")')).toBe(demo.token);
    expect(await page.evaluate('localStorage.length')).toBe(0);
  });

  it('should show every demo operator against every platform, linked where the demo fixed it', async () => {
    const matrix = page.getByTestId('matrix');
    await matrix
      .locator('tr[data-operator="olena"] td[data-connector="tencent"][data-link="linked"]')
      .waitFor(SEEN);

    const keys = await matrix
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-operator')));
    const headers = await matrix.locator('thead th').allTextContents();
    expect(keys).toEqual(['anna', 'api', 'john', 'mike', 'olena', 'sarah']);
    expect(headers.map((h) => h.split(/healthy|degraded|disabled/)[0])).toEqual([
      'Operator',
      'Roster',
      'Availability',
      'lhc',
      'chatwoot',
      'chathub',
      'tencent',
    ]);
    // ChatHub holds two accounts whose names differ only in case and spaces: the demo's ChatHub problem.
    const john = await matrix
      .locator('tr[data-operator="john"] td[data-connector]')
      .evaluateAll((cells) =>
        cells.map((c) => [c.getAttribute('data-connector'), c.getAttribute('data-link')]),
      );
    expect(john).toEqual([
      ['lhc', 'linked'],
      ['chatwoot', 'linked'],
      ['chathub', 'ambiguous'],
      ['tencent', 'linked'],
    ]);
    await screenshot(page, '02-operators');

    await page.getByTestId('operator-search').fill('petrenko');
    await waitFor(
      async () => ((await matrix.locator('tbody tr').count()) === 1 ? true : undefined),
      'the search to leave one row',
    );
    expect(await matrix.locator('tbody tr').getAttribute('data-operator')).toBe('olena');
    await page.getByTestId('operator-search').fill('');
  });

  it('should show each connector with its health, credentials and runs', async () => {
    await page.goto(`${demo.url}/ui/#/connectors`);
    for (const id of ['lhc', 'chatwoot', 'chathub', 'tencent']) {
      await page.locator(`section[data-connector="${id}"]`).waitFor(SEEN);
    }
    const text = await page.locator('section[data-connector="chathub"]').innerText();
    expect(text).toMatch(/Credentials\s+accepted/);
    expect(text).toMatch(/Next run\s+in \d+[smh]/);
    await screenshot(page, '03-connectors');
  });

  it('should filter runs and show a run with its changes before and after', async () => {
    await page.goto(`${demo.url}/ui/#/runs`);
    await page.getByTestId('runs-connector').selectOption('chathub');
    await page.getByTestId('runs-kind').selectOption('reconcile');
    await page.locator('[data-testid="runs"] tbody tr[data-run]').first().waitFor(SEEN);
    const connectors = await page.locator('[data-testid="runs"] tbody tr td:nth-child(2)').allTextContents();
    expect(new Set(connectors)).toEqual(new Set(['chathub']));

    // The start-up run is the oldest: the one that created the demo's ChatHub operators.
    await page.locator('[data-testid="runs"] tbody tr[data-run]').last().click();
    const detail = page.getByTestId('run-detail');
    await detail.locator('tr[data-action="create"]').first().waitFor(SEEN);
    expect(await detail.innerText()).toMatch(/create/);
    await screenshot(page, '04-runs');
  });

  it('should show a dead event with its payload and replay it', async () => {
    const [id] = insertInboxEvents(demo.sqlitePath, [
      {
        connectorId: 'lhc',
        dedupeKey: 'browser-dead-1',
        kind: 'operator-changed',
        payload: {
          kind: 'operator-changed',
          dedupeKey: 'browser-dead-1',
          occurredAt: new Date().toISOString(),
          remoteId: '5',
        },
        state: 'dead',
        attempts: 8,
        lastError: 'platform said 500 eight times',
      },
    ]);
    await page.goto(`${demo.url}/ui/#/inbox`);
    await page.locator(`[data-testid="events"] tr[data-event="${id}"]`).click(SEEN);
    const detail = page.getByTestId('event-detail');
    await detail.getByTestId('payload').waitFor(SEEN);
    expect(JSON.parse(await detail.getByTestId('payload').innerText())).toMatchObject({ remoteId: '5' });
    await screenshot(page, '05-inbox-dead');

    await detail.getByTestId('replay').click();
    await page.getByTestId('confirm-ok').click();
    await waitFor(
      async () =>
        (await page.locator(`[data-testid="event-detail"][data-event="${id}"]`).innerText()).match(
          /\b(pending|done|failed)\b/,
        )
          ? true
          : undefined,
      'the replayed event to leave dead',
    );
    const event = await new AdminClient(demo.url, demo.token).get(`/api/events/${id}`);
    expect(event.body.state).not.toBe('dead');
  });

  it('should say how an operator matches on every platform and provision it alone', async () => {
    await page.goto(`${demo.url}/ui/#/provision?key=olena`);
    const matches = page.getByTestId('provision-matches');
    await matches.waitFor(SEEN);
    const connectors = await matches
      .locator('tbody tr')
      .evaluateAll((rows) =>
        rows.map((r) => [r.getAttribute('data-connector'), r.getAttribute('data-match')]),
      );
    expect(connectors).toEqual([
      ['lhc', 'link'],
      ['chatwoot', 'link'],
      ['chathub', 'link'],
      ['tencent', 'link'],
    ]);
    await screenshot(page, '06-provision');

    await page.getByTestId('provision-apply').click();
    await page.getByTestId('confirm-ok').click();
    await page.getByText('Applied for olena').waitFor(SEEN);
  });

  it('should serve the API documentation from the daemon', async () => {
    await page.goto(`${demo.url}/api/docs`);
    await page.getByText('chat-bridge admin API').first().waitFor(SEEN);
    await page.getByText('/api/operators/{key}/sync').first().waitFor(SEEN);
    await screenshot(page, '07-api-docs');
  });

  it('should go back to sign-in when signing out, forgetting the token', async () => {
    await page.goto(`${demo.url}/ui/#/operators`);
    await page.getByTestId('sign-out').click();
    await page.getByTestId('sign-in').waitFor(SEEN);
    expect(await page.evaluate('sessionStorage.getItem("chat-bridge.adminToken")')).toBeNull();
  });
});
