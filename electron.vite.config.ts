import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// electron-vite builds the three pieces of the desktop app with one Vite config:
//   out/main/main.js      Electron main process (ESM)
//   out/main/web.js       the same host without Electron: the browser mode (`npm run web`)
//   out/main/backend-worker.js  the service in a worker thread, started by both hosts
//                         (electron/backend.ts finds it next to the bundle that imports it)
//   out/preload/preload.cjs  sandboxed preload (must be CommonJS)
//   out/renderer/         the React UI, loaded by both hosts
export default defineConfig({
  main: {
    build: {
      // package.json's dependencies stay external (loaded from node_modules), and so does
      // playwright-core: a devDependency, loaded only by the browser mode (electron/documents/pdf.ts)
      // from a checkout; bundling it fails (optional native imports such as kerberos).
      externalizeDeps: { include: ['playwright-core'] },
      rollupOptions: {
        input: {
          main: resolve(__dirname, 'electron/main.ts'),
          web: resolve(__dirname, 'electron/web.ts'),
          'backend-worker': resolve(__dirname, 'electron/backend-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      rollupOptions: {
        input: { preload: resolve(__dirname, 'electron/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    // Static files of the UI (icon…) are copied as they are.
    publicDir: resolve(__dirname, 'assets'),
    build: {
      rollupOptions: { input: resolve(__dirname, 'renderer/index.html') },
    },
    plugins: [react()],
  },
});
