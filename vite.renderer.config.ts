import { defineConfig, type UserConfig } from 'vite';
import react from '@vitejs/plugin-react';
import path from 'node:path';

/** The renderer's build, shared by electron-vite (desktop) and the web host's `npm run build:web`. */
export const rendererConfig: UserConfig = {
  root: path.resolve(import.meta.dirname, 'renderer'),
  base: './',
  plugins: [react()],
  build: {
    outDir: path.resolve(import.meta.dirname, 'out/renderer'),
    emptyOutDir: true,
    target: 'chrome130',
    sourcemap: true,
  },
};

export default defineConfig(rendererConfig);
