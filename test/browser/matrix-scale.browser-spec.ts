import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Browser, Page } from 'playwright-core';

import { ChatHubSimulator } from '@app/simulator';

import { AdminClient } from '../e2e/support/admin-client';
import { chatHubBridgeYaml } from '../e2e/support/chathub-config';
import { DaemonProcess, freePort, tempDir, waitFor, writeConfig } from '../e2e/support/daemon-process';
import { ARTIFACTS_DIR, launchChromium, screenshot, signedIn } from './support/chromium';

jest.setTimeout(300_000);

const OPERATORS = 10_000;
const ADMIN_TOKEN = 'browser-scale-admin-token';
const CHATHUB_TOKEN = 'browser-scale-chathub';
const SEEN = { timeout: 60_000 };

const pad = (n: number) => String(n).padStart(5, '0');

/**
 * The matrix with 10,000 operators, all linked on ChatHub: it renders a page at a time, so the
 * first render does not grow with the directory. The times are measured and reported (in the
 * artifacts and on stderr), not asserted: they are the machine's, not the console's.
 */
describe('the operator matrix with 10,000 operators', () => {
  let simulator: ChatHubSimulator;
  let daemon: DaemonProcess;
  let browser: Browser;
  let page: Page;
  const measured: Record<string, number> = {};

  beforeAll(async () => {
    simulator = new ChatHubSimulator({ companyKeys: [CHATHUB_TOKEN] });
    simulator.seed({ organizations: [{ id: 24, name: 'Support' }] });
    await simulator.start();
    const dir = tempDir();
    const roster = Array.from({ length: OPERATORS }, (_, i) => {
      const n = pad(i + 1);
      return `    - { key: op-${n}, name: Operator ${n}, email: op-${n}@example.com }`;
    }).join('\n');
    const yaml = chatHubBridgeYaml({
      dir,
      simulatorUrl: simulator.baseUrl,
      adminToken: ADMIN_TOKEN,
      roster: `\n${roster}`,
    });
    daemon = new DaemonProcess(await freePort(), {
      BRIDGE_CONFIG: writeConfig(dir, yaml.replace('rateLimit: 50', 'rateLimit: 1000')),
      E2E_ADMIN_TOKEN: ADMIN_TOKEN,
      E2E_CHATHUB_TOKEN: CHATHUB_TOKEN,
      LOG_LEVEL: 'warn',
    });
    await daemon.start();
    const admin = new AdminClient(daemon.url, ADMIN_TOKEN);
    const startup = await waitFor(
      async () => {
        const { body } = await admin.get('/api/runs?changes=false&limit=1');
        return body.items.find((r: { outcome: string }) => r.outcome !== 'running');
      },
      'the first sync of 10,000 operators',
      240_000,
    );
    expect(startup.outcome).toBe('ok');
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await context.addInitScript({ content: signedIn(ADMIN_TOKEN) });
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await daemon?.stop();
    await simulator?.stop();
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    writeFileSync(
      join(ARTIFACTS_DIR, 'matrix-scale.json'),
      `${JSON.stringify({ operators: OPERATORS, ...measured }, null, 2)}\n`,
    );
    process.stderr.write(`matrix at ${OPERATORS} operators: ${JSON.stringify(measured)}\n`);
  });

  it('should render the first page of the matrix, linked, without loading the whole directory', async () => {
    await page.goto(`${daemon.url}/ui/`);
    const rows = page.locator('[data-testid="matrix"] tbody tr[data-operator]');
    await rows.nth(99).waitFor(SEEN);

    measured.firstRenderMs = Math.round(
      await page.evaluate(
        () => performance.getEntriesByName('console:matrix-rendered')[0]?.startTime ?? Number.NaN,
      ),
    );
    expect(await rows.count()).toBe(100);
    expect(await rows.first().getAttribute('data-operator')).toBe('op-00001');
    expect(await page.locator('td[data-connector="chathub"][data-link="linked"]').count()).toBe(100);
    expect(measured.firstRenderMs).toBeGreaterThan(0);
    await screenshot(page, '11-matrix-10000');
  });

  it('should page forward and search across all 10,000', async () => {
    const first = page.locator('[data-testid="matrix"] tbody tr[data-operator]').first();
    let started = Date.now();
    await page.getByTestId('operators-next').click();
    await page.locator('tr[data-operator="op-00101"]').waitFor(SEEN);
    measured.nextPageMs = Date.now() - started;

    started = Date.now();
    await page.getByTestId('operator-search').fill('op-09999@');
    await waitFor(
      async () => ((await first.getAttribute('data-operator')) === 'op-09999' ? true : undefined),
      'the search',
      60_000,
    );
    measured.searchMs = Date.now() - started;
    expect(await page.getByTestId('operators-page').innerText()).toBe('page 1');
  });
});
