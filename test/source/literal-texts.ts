import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * Finds user-visible text written in source code instead of taken from a translation catalogue:
 * text between JSX tags, text attributes (aria-label, title, placeholder...) and JSX children given
 * as literals, and - where `prose` is asked for - any string or template literal that reads as
 * words. Symbols, numbers, URLs and message keys are not words and pass; so is text for developers
 * (errors, log and console calls, `refused(...)` reasons) and CSS classes. Each finding is
 * `file:line: what`, the file relative to `root`.
 */

export interface ScanOptions {
  /** Findings name files relative to this folder. */
  root: string;
  /** Report string and template literals that read as prose (not only JSX text). */
  prose: boolean;
}

const textAttributes = new Set([
  'aria-label',
  'aria-description',
  'aria-roledescription',
  'aria-valuetext',
  'title',
  'placeholder',
  'alt',
]);
/**
 * Not words for the agent: a URL, a path or media type (`/index.html`, `text/css; charset=utf-8`),
 * or a message key handed to a component that translates it.
 */
const notWords = (text: string) =>
  /^\w+:\/\/\S*$/.test(text.trim()) ||
  /^[\w.+-]*(\/[\w.+-]+)+(;\s*[\w-]+=[\w-]+)?$/.test(text.trim()) ||
  /^[a-z][\w-]*(\.[\w-]+)+$/.test(text);
/** Words: two letters in a row, in any script. */
const hasWords = (text: string) => /\p{L}{2,}/u.test(text) && !notWords(text);
/** Prose: two words (`b24phone` is one) with a space or punctuation between (identifiers have none). */
const isProse = (text: string) => /\p{L}{2,}[\s,:;.!?]+\p{L}[\p{L}\p{N}]+/u.test(text) && !notWords(text);

/** The TypeScript files under `folder`, but for those in a folder named `skip` (the catalogues). */
export function sourceFiles(folder: string, skip: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => !file.includes(`${path.sep}${skip}${path.sep}`));
}

/**
 * What a literal would show; a template's substitutions read as `0`, which is no word (so
 * `${count} s` is not prose) and keeps a computed key a key (`tray.status.${status}`).
 */
function literalText(node: ts.Node): string | null {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node))
    return [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join('0');
  return null;
}

/**
 * Inside `new Error(...)` or `new Response(...)`, `console.x(...)`, a log call or a `refused(...)`
 * reason (for developers and the log, not agents), or a `className` (CSS classes).
 */
function notShown(node: ts.Node): boolean {
  for (let at: ts.Node | undefined = node.parent; at; at = at.parent) {
    if (ts.isJsxAttribute(at)) return at.name.getText() === 'className';
    if (ts.isNewExpression(at) && /(Error|Response)$/.test(at.expression.getText())) return true;
    if (ts.isCallExpression(at) && /(^|\.)(console|log|logger)\.\w+$|^refused$/.test(at.expression.getText()))
      return true;
    if (ts.isFunctionLike(at) || ts.isSourceFile(at)) return false;
  }
  return false;
}

export function literalTextFindings(file: string, options: ScanOptions): string[] {
  const text = readFileSync(file, 'utf8');
  const kind = /\.tsx(\.txt)?$/.test(file) ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
  const relative = path.relative(options.root, file);
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
    if (
      options.prose &&
      (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node))
    ) {
      const shown = literalText(node) ?? '';
      return isProse(shown) && !notShown(node) && !ts.isImportDeclaration(node.parent)
        ? `literal "${shown}"`
        : null;
    }
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
