// Electron's entry point (bundled to dist/main/electron-main.js by `npm run build:main`).
import * as electron from 'electron';
import { startElectron, type ElectronLike } from './electron';

void startElectron(electron as unknown as ElectronLike);
