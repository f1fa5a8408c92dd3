import { ensureChromium } from './support/chromium';

/** The browser tier brings its own browser: Debian's chromium, installed when missing. */
export default function globalSetup(): void {
  ensureChromium();
}
