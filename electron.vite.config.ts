import { defineConfig } from 'electron-vite';
import path from 'node:path';
import { rendererConfig } from './vite.renderer.config';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      lib: { entry: path.resolve(import.meta.dirname, 'main/shell/main.ts') },
      rollupOptions: { external: ['better-sqlite3'] },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      lib: { entry: path.resolve(import.meta.dirname, 'preload/index.ts') },
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
