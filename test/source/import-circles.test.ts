import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { folderGraph, importCircles, importGraph } from './import-graph';

/**
 * No two files of the product import each other, directly or around a circle, not even for a type:
 * a circle means neither file can be read (or moved) without the other, and a value circle makes
 * what is defined at start-up depend on import order.
 */

const root = path.resolve(import.meta.dirname, '../..');
const parts = ['common', 'main', 'preload', 'renderer', 'relay', 'sandbox'];

describe('import circles', () => {
  it('there are none in the product', () => {
    const circles = importCircles(importGraph(parts.map((part) => path.join(root, part))), root);
    expect(circles).toEqual([]);
  });

  it('there are none between the folders of the renderer and of the desktop host', () => {
    // The window's wiring (renderer/app) sits below the views that compose it, never beside them.
    const layers = ['renderer', 'main', 'preload'].map((part) => path.join(root, part));
    expect(importCircles(folderGraph(importGraph(layers)), root)).toEqual([]);
  });

  it('would be caught, a type-only import included', () => {
    const fixtures = path.join(import.meta.dirname, 'fixtures', 'import-cycle');
    expect(importCircles(importGraph([fixtures]), fixtures)).toEqual([['catalogue.ts', 'texts.ts']]);
  });

  it('would be caught between folders', () => {
    const graph = new Map([
      ['/r/app/link.ts', ['/r/views/icons.ts']],
      ['/r/views/icons.ts', []],
      ['/r/views/dialpad.ts', ['/r/app/services.ts']],
      ['/r/app/services.ts', []],
    ]);
    expect(importCircles(folderGraph(graph), '/r')).toEqual([['app', 'views']]);
  });
});
