/**
 * @module Headless Chromium for browser tests: Debian's `chromium` driven by playwright-core, which
 * downloads no browser of its own.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's package installs it here (`apt-get install -y chromium`); CHROMIUM_PATH points elsewhere. */
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Flags for a machine without internet: without the background-networking ones, Chromium keeps
 * trying to reach Google's services and its connections are refused, many at a time.
 */
const OFFLINE_FLAGS = ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function chromiumInstalled(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/** Launches headless Chromium (no sandbox, so it also runs as root, as CI does). */
function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, chromiumSandbox: false, args: OFFLINE_FLAGS });
}

export { CHROMIUM_PATH, chromiumInstalled, launchChromium };
