import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * (Under test/source: it reads the renderer's files with Node, which the renderer's tsconfig has not.)
 * No view writes user-visible text itself: every word the agent reads comes from the translation
 * layer (renderer/i18n). This reads the renderer's source and reports, with file and line, any
 * text between JSX tags, any text attribute (aria-label, title, placeholder...) given as a literal,
 * any literal rendered as a child, and - in the UI folders - any string literal that reads as
 * words. Symbols, numbers and URLs are not words and pass.
 */

const root = path.resolve(import.meta.dirname, '../../renderer');
const uiFolders = ['app', 'views', 'history'];
const textAttributes = new Set([
  'aria-label',
  'aria-description',
  'aria-roledescription',
  'aria-valuetext',
  'title',
  'placeholder',
  'alt',
]);
/** Not words for the agent: a URL, or a message key handed to a component that translates it. */
const notWords = (text: string) => /^\w+:\/\/\S*$/.test(text.trim()) || /^[a-z][\w-]*(\.[\w-]+)+$/.test(text);
/** Words: two letters in a row, in any script. */
const hasWords = (text: string) => /\p{L}{2,}/u.test(text) && !notWords(text);
/** Prose: two words with a space or punctuation between (identifiers have none). */
const isProse = (text: string) => /\p{L}{2,}[\s,:;.!?]+\p{L}{2,}/u.test(text) && !notWords(text);

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => !file.includes(`${path.sep}i18n${path.sep}`));
}

/** What a literal as a JSX child or attribute would show. */
function literalText(node: ts.Node): string | null {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node))
    return [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join(' ');
  return null;
}

/**
 * Inside `new Error(...)`, `console.x(...)` or a log call (for developers, not agents), or a
 * `className` (CSS classes).
 */
function notShown(node: ts.Node): boolean {
  for (let at: ts.Node | undefined = node.parent; at; at = at.parent) {
    if (ts.isJsxAttribute(at)) return at.name.getText() === 'className';
    if (ts.isNewExpression(at) && /Error$/.test(at.expression.getText())) return true;
    if (ts.isCallExpression(at) && /^(console|log|logger)\./.test(at.expression.getText())) return true;
    if (ts.isFunctionLike(at) || ts.isSourceFile(at)) return false;
  }
  return false;
}

function findings(
  file: string,
  inUi = uiFolders.includes(path.relative(root, file).split(path.sep)[0] ?? ''),
): string[] {
  const text = readFileSync(file, 'utf8');
  const kind = /\.tsx(\.txt)?$/.test(file) ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
  const relative = path.relative(root, file);
  const found: string[] = [];
  const report = (node: ts.Node, what: string) => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart());
    found.push(`${relative}:${line + 1}: ${what}`);
  };
  /** The text `node` shows the agent, if it writes one itself. */
  const written = (node: ts.Node): string | null => {
    if (ts.isJsxText(node)) return hasWords(node.text) ? `text "${node.text.trim()}"` : null;
    if (ts.isJsxAttribute(node) && textAttributes.has(node.name.getText()) && node.initializer) {
      const value = ts.isJsxExpression(node.initializer) ? node.initializer.expression : node.initializer;
      const shown = value ? literalText(value) : null;
      return shown !== null && hasWords(shown) ? `${node.name.getText()}="${shown}"` : null;
    }
    if (ts.isJsxExpression(node) && node.expression && !ts.isJsxAttribute(node.parent)) {
      const shown = literalText(node.expression);
      return shown !== null && hasWords(shown) ? `child "${shown}"` : null;
    }
    if (inUi && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)))
      return isProse(node.text) && !notShown(node) && !ts.isImportDeclaration(node.parent)
        ? `literal "${node.text}"`
        : null;
    return null;
  };
  const visit = (node: ts.Node) => {
    const what = written(node);
    if (what) report(node, what);
    else ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('the renderer’s texts', () => {
  it('come from the translation layer, never from a view', () => {
    const all = sourceFiles(root).flatMap((file) => findings(file));
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
