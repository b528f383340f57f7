// Builds main, preload and renderer with electron-vite's API (its CLI file ships without the
// executable bit on some npm versions, so `electron-vite build` may be refused by the shell).
import { build } from 'electron-vite';

await build({ configFile: 'electron.vite.config.ts', logLevel: process.env.CI ? 'warn' : 'info' });
