import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { type Browser, type Page, chromium } from 'playwright-core';

/** Debian's Chromium (package `chromium`); CHROMIUM_PATH points elsewhere. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Screenshots and measurements of the browser tier; CI keeps this folder as the run's artifacts. */
export const ARTIFACTS_DIR = resolve(
  process.env.BROWSER_ARTIFACTS_DIR ?? join(__dirname, '../../../dist/browser-artifacts'),
);

// What the machine's probe ran Chromium with: as root it needs --no-sandbox, and on a closed network
// its background requests (updates, sync, Google lookups) only fail, many at a time.
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/**
 * Installs Debian's chromium when it is missing and we may (root, apt-get present): the tier
 * installs its own browser, as CI starts on a clean machine. Anywhere else, say what to do.
 */
export const ensureChromium = (): void => {
  if (existsSync(CHROMIUM_PATH)) {
    return;
  }
  const root = process.getuid?.() === 0;
  if (!root || !existsSync('/usr/bin/apt-get')) {
    throw new Error(
      `no Chromium at ${CHROMIUM_PATH}: install Debian's chromium package (apt-get install chromium) or set CHROMIUM_PATH`,
    );
  }
  process.stderr.write('browser tier: installing Debian chromium (apt-get install chromium)…\n');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], {
    stdio: 'inherit',
    env,
  });
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`apt-get installed chromium, but ${CHROMIUM_PATH} is still missing`);
  }
};

export const launchChromium = (): Promise<Browser> =>
  chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_FLAGS });

/** A full-page screenshot in the artifacts folder. */
export const screenshot = async (page: Page, name: string): Promise<string> => {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
};

/**
 * Fails the test when the page asked for anything but the daemon: the console ships its own
 * assets and talks to nothing else (no CDN, no fonts, no analytics).
 */
export const recordForeignRequests = (page: Page, origin: string): string[] => {
  const foreign: string[] = [];
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith('data:')) {
      foreign.push(url);
    }
  });
  return foreign;
};

/** A script for `addInitScript`: the tab starts signed in, as after the sign-in form. */
export const signedIn = (token: string): string =>
  `sessionStorage.setItem('chat-bridge.adminToken', ${JSON.stringify(token)});`;
