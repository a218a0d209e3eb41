import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { literalTextFindings, sourceFiles } from './literal-texts';

/**
 * (Under test/source: it reads the renderer's files with Node, which the renderer's tsconfig has not.)
 * No view writes user-visible text itself: every word the agent reads comes from the translation
 * layer (renderer/i18n). This reads the renderer's source and reports, with file and line, any
 * text between JSX tags, any text attribute (aria-label, title, placeholder...) given as a literal,
 * any literal rendered as a child, and - in the UI folders - any string literal that reads as
 * words. Symbols, numbers and URLs are not words and pass.
 */

const root = path.resolve(import.meta.dirname, '../../renderer');
/** In these folders every prose literal is suspect; elsewhere (phone, store...) only JSX is checked. */
const uiFolders = ['app', 'views', 'history'];

function findings(
  file: string,
  inUi = uiFolders.includes(path.relative(root, file).split(path.sep)[0] ?? ''),
) {
  return literalTextFindings(file, { root, prose: inUi });
}

describe('the renderer’s texts', () => {
  it('come from the translation layer, never from a view', () => {
    const all = sourceFiles(root, 'i18n').flatMap((file) => findings(file));
    expect(all).toEqual([]);
  });

  it('would be caught when a view writes one itself', () => {
    const file = path.join(import.meta.dirname, 'fixtures', 'literal-view.tsx.txt');
    expect(findings(file, true).map((line) => line.replace(/^.*?:(\d+): /, '$1: '))).toEqual([
      '5: text "Ready for calls"',
      '6: aria-label="Caller number"',
      '7: child "Hang up"',
      '8: literal "Calls are refused as busy"',
    ]);
  });
});
