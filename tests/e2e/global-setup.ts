import { electronAvailable } from './fixtures';

export default function globalSetup(): void {
  if (!electronAvailable()) {
    process.stdout.write('e2e: the "electron" project is skipped: no Electron binary on this machine (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1; run `node node_modules/electron/install.js` where the internet is reachable).\n');
  }
}
