import type { Browser, Page } from 'playwright-core';

import { ChatHubSimulator } from '@app/simulator';

import { AdminClient } from '../e2e/support/admin-client';
import { chatHubBridgeYaml } from '../e2e/support/chathub-config';
import { DaemonProcess, freePort, tempDir, waitFor, writeConfig } from '../e2e/support/daemon-process';
import { launchChromium, recordForeignRequests, screenshot, signedIn } from './support/chromium';

jest.setTimeout(120_000);

const SEEN = { timeout: 20_000 };
const ADMIN_TOKEN = 'browser-safeguard-admin-token';
const CHATHUB_TOKEN = 'browser-safeguard-chathub';
// ChatHub's operator statuses: 0 active, 1 inactive.
const ACTIVE = 0;
const INACTIVE = 1;

// Three of five existing operators leave the roster's active list at once: more than 20% of the
// linked operators, so the first run is blocked. Zoe is new.
const ROSTER = `
    - { key: john, name: John Smith }
    - { key: sarah, name: Sarah Johnson, status: inactive }
    - { key: mike, name: Mike Wilson, status: inactive }
    - { key: anna, name: Anna Kovalenko, status: inactive }
    - { key: olena, name: Olena Petrenko }
    - { key: zoe, name: Zoe Quinn }`;

describe('the console when the deletion safeguard blocks a run', () => {
  let simulator: ChatHubSimulator;
  let daemon: DaemonProcess;
  let browser: Browser;
  let page: Page;
  let foreign: string[];
  const statusOf = (name: string) => simulator.operators().find((o) => o.name === name)?.status;

  beforeAll(async () => {
    simulator = new ChatHubSimulator({ companyKeys: [CHATHUB_TOKEN] });
    simulator.seed({
      organizations: [{ id: 24, name: 'Support' }],
      operators: ['John Smith', 'Sarah Johnson', 'Mike Wilson', 'Anna Kovalenko', 'Olena Petrenko'].map(
        (name) => ({
          name,
          organizationId: 24,
        }),
      ),
    });
    await simulator.start();
    const dir = tempDir();
    const yaml = chatHubBridgeYaml({
      dir,
      simulatorUrl: simulator.baseUrl,
      adminToken: ADMIN_TOKEN,
      roster: ROSTER,
    });
    daemon = new DaemonProcess(await freePort(), {
      BRIDGE_CONFIG: writeConfig(dir, yaml.replace('deletionThreshold: 50%', 'deletionThreshold: 20%')),
      E2E_ADMIN_TOKEN: ADMIN_TOKEN,
      E2E_CHATHUB_TOKEN: CHATHUB_TOKEN,
      LOG_LEVEL: 'warn',
    });
    await daemon.start();
    const admin = new AdminClient(daemon.url, ADMIN_TOKEN);
    await waitFor(async () => {
      const { body } = await admin.get('/api/runs?outcome=blocked&changes=false');
      return body.items[0];
    }, 'the blocked start-up run');
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    foreign = recordForeignRequests(page, daemon.url);
    // Signed in as an admin who already entered the token in this tab.
    await context.addInitScript({ content: signedIn(ADMIN_TOKEN) });
  });

  afterAll(async () => {
    await browser?.close();
    await daemon?.stop();
    await simulator?.stop();
  });

  afterEach(() => {
    expect(foreign).toEqual([]);
  });

  it('should show the blocked run on its connector, with what it would remove', async () => {
    await page.goto(`${daemon.url}/ui/#/connectors`);
    const blocked = page.getByTestId('blocked-chathub');
    await blocked.waitFor(SEEN);

    expect(await blocked.innerText()).toMatch(
      /3 operators would be deactivated or deleted, more than the threshold of 1/,
    );
    await screenshot(page, '08-connector-blocked');
  });

  it('should provision one operator on demand while the connector stays blocked for the others', async () => {
    await page.goto(`${daemon.url}/ui/#/provision?key=zoe`);
    const matches = page.getByTestId('provision-matches');
    await matches.locator('tr[data-connector="chathub"][data-match="none"]').waitFor(SEEN);
    await page.getByTestId('provision-apply').click();
    await page.getByTestId('confirm-ok').click();
    await page.getByText('Applied for zoe').waitFor(SEEN);

    expect(statusOf('Zoe Quinn')).toBe(ACTIVE);
    expect(['Sarah Johnson', 'Mike Wilson', 'Anna Kovalenko'].map(statusOf)).toEqual([
      ACTIVE,
      ACTIVE,
      ACTIVE,
    ]);
    await screenshot(page, '09-provision-zoe');
  });

  it('should apply the removals once after the admin confirms, and record that deletes were allowed', async () => {
    await page.goto(`${daemon.url}/ui/#/connectors`);
    await page.getByTestId('allow-deletes-chathub').click(SEEN);
    const dialog = page.getByTestId('confirm-dialog');
    await dialog.waitFor(SEEN);
    expect(await dialog.innerText()).toMatch(/remove 3 operator\(s\)/);
    await screenshot(page, '10-allow-deletes-confirm');

    await page.getByTestId('confirm-ok').click();
    const result = page.getByTestId('action-result');
    await result.waitFor(SEEN);
    await page.getByTestId('blocked-chathub').waitFor({ state: 'detached', ...SEEN });

    expect(await result.innerText()).toMatch(/ok/);
    expect(['Sarah Johnson', 'Mike Wilson', 'Anna Kovalenko'].map(statusOf)).toEqual([
      INACTIVE,
      INACTIVE,
      INACTIVE,
    ]);
    const { body } = await new AdminClient(daemon.url, ADMIN_TOKEN).get('/api/runs?limit=1');
    expect(body.items[0].changes).toEqual(
      expect.arrayContaining([expect.objectContaining({ action: 'report', field: 'allow-deletes' })]),
    );
  });

  it('should not ask again on the next run: the threshold applies again and nothing is left to remove', async () => {
    const run = await new AdminClient(daemon.url, ADMIN_TOKEN).post('/api/connectors/chathub/reconcile', {});
    expect(run.body.outcome).toBe('ok');
    expect(run.body.changes.filter((c: { field: string }) => c.field === 'allow-deletes')).toEqual([]);
  });
});
