/** Where Debian's Chromium is, and how every Broadsheet test starts it. */
import { existsSync } from 'node:fs';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--lang=en-US',
];

export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new Error(
      `Chromium was not found at ${path}. Install Debian's Chromium (as root: ` +
        '`apt-get update && apt-get install -y chromium`) or set CHROMIUM_PATH to a Chromium binary.',
    );
  }
  return path;
}
