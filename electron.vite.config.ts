import { defineConfig } from 'electron-vite';
import path from 'node:path';
import { rendererConfig } from './vite.renderer.config';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      lib: { entry: path.resolve(import.meta.dirname, 'main/shell/main.ts') },
      // package.json's "main" names out/main/index.js.
      rollupOptions: { external: ['better-sqlite3'], output: { entryFileNames: 'index.js' } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      lib: { entry: path.resolve(import.meta.dirname, 'preload/index.ts') },
      // A sandboxed preload can require nothing but electron: zod and the contract are bundled
      // in, and the file is CommonJS (sandboxed preloads cannot be ES modules).
      externalizeDeps: false,
      rollupOptions: { external: ['electron'], output: { format: 'cjs', entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    ...rendererConfig,
    build: {
      ...rendererConfig.build,
      rollupOptions: { input: path.resolve(import.meta.dirname, 'renderer/index.html') },
    },
  },
});
