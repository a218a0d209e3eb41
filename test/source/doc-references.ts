import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * Finds references that lead nowhere: a Markdown document that is not in the repository, a part of
 * one that it does not have (`docs/<name>.md#<anchor>`, `<name>.md section 8`, `<name>.md §3`,
 * `<name>.md, "<heading or bold label>"`), and a path in the repository (`main/services/<file>.ts`,
 * `renderer/<folder>/`) that names no file or folder - in docs, in comments and, for documents, in
 * any string. So a renamed or deleted file or section leaves no pointer behind. Each finding is
 * `file:line: what`, the file relative to `root`.
 */

const scanned = /\.(ts|tsx|js|md|xml|cfg|yml|json|html|css)$/;
/** The repository's top-level folders: a path starting with one of them is a repository path. */
const topFolders = [
  'common',
  'main',
  'preload',
  'renderer',
  'relay',
  'sandbox',
  'test',
  'bench',
  'docs',
  'eslint',
  'build',
  '.ci',
];

/**
 * The files to read under `root`, but for those in `skip` or under a folder of it (relative to `root`):
 * the repository's own files, tracked or new, as git sees them - so nothing built, downloaded or left
 * by a run (anything `.gitignore` names) is mistaken for part of the design.
 */
export function referencingFiles(root: string, skip: string[]): string[] {
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const skipped = (relative: string) =>
    skip.some((entry) => relative === entry || relative.startsWith(`${entry}/`));
  return listed
    .split('\0')
    .filter((relative) => relative && scanned.test(relative) && !relative.endsWith('package-lock.json'))
    .filter((relative) => !skipped(relative) && existsSync(path.join(root, relative)))
    .map((relative) => path.join(root, relative));
}

interface Heading {
  text: string;
  slug: string;
}

const headingsByFile = new Map<string, Heading[]>();

/** The headings of a Markdown file outside code fences, with the anchors GitHub gives them. */
export function headingsOf(file: string): Heading[] {
  const known = headingsByFile.get(file);
  if (known) return known;
  const headings: Heading[] = [];
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const heading = fenced ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const text = heading[1] ?? '';
    const base = text
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    headings.push({ text, slug: count === 0 ? base : `${base}-${count}` });
  }
  headingsByFile.set(file, headings);
  return headings;
}

/** A document named `name` as seen from `from`: by path (from the file's folder or the root), or by bare name. */
function resolveDocument(name: string, from: string, root: string): string | null {
  const candidates = name.includes('/')
    ? [path.resolve(path.dirname(from), name), path.resolve(root, name)]
    : [path.join(path.dirname(from), name), path.join(root, 'docs', name), path.join(root, name)];
  return candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile()) ?? null;
}

const documentReference = /(?<![\w/.-])((?:[\w.-]+\/)*[\w.-]*[\w-]\.md)\b(#[\w-]+)?/g;
/** What may follow a document's name to point at a part of it. */
const numberedSections = /^,?\s+(?:sections?|§)\s*(\d+(?:\s*(?:and|-|,|or)\s*\d+)*)/i;
const quotedHeading = /^,\s+"([^"]+)"/;
/**
 * A top folder, then folders, then a file with an extension or nothing (a folder ending in `/`);
 * globs and placeholders (`test/**`, `bench/<subject>.bench.ts`) are not paths.
 */
const repositoryPath = new RegExp(
  String.raw`(?<![\w/.@-])((?:${topFolders.join('|').replaceAll('.', '\\.')})\/(?:[\w.-]+\/)*` +
    String.raw`(?:[\w.-]*[\w-]\.[a-z]{1,5}(?![\w*<{$/-])|))`,
  'g',
);

/** Every reference in `file` that leads nowhere. */
export function brokenReferences(file: string, root: string): string[] {
  const findings: string[] = [];
  const where = (index: number, text: string) =>
    `${path.relative(root, file)}:${text.slice(0, index).split('\n').length}`;
  const text = readFileSync(file, 'utf8');

  for (const match of text.matchAll(documentReference)) {
    const [, name = '', anchor] = match;
    const at = where(match.index, text);
    const target = resolveDocument(name, file, root);
    if (!target) {
      findings.push(`${at}: ${name} is not in the repository`);
      continue;
    }
    const headings = headingsOf(target);
    // What follows the name, read across a comment's line breaks (`section` may open the next line).
    const rest = text
      .slice(match.index + match[0].length, match.index + match[0].length + 200)
      .replace(/\n\s*(\*(?!\/)|\/\/)?/g, ' ');
    if (anchor && !headings.some((heading) => `#${heading.slug}` === anchor))
      findings.push(`${at}: ${name} has no section ${anchor}`);
    const numbers = anchor ? null : numberedSections.exec(rest);
    for (const number of numbers?.[1]?.match(/\d+/g) ?? [])
      if (
        !headings.some(
          (heading) => heading.text.startsWith(`${number}.`) || heading.text.startsWith(`${number} `),
        )
      )
        findings.push(`${at}: ${name} has no section ${number}`);
    const quoted = anchor || numbers ? null : quotedHeading.exec(rest)?.[1];
    const labelled = (label: string) =>
      headings.some((heading) => heading.text.toLowerCase().includes(label.toLowerCase())) ||
      readFileSync(target, 'utf8').includes(`**${label}**`);
    if (quoted && !labelled(quoted)) findings.push(`${at}: ${name} has no section "${quoted}"`);
  }

  if (file.endsWith('.md'))
    for (const match of text.matchAll(/\]\((#[\w-]+)\)/g))
      if (!headingsOf(file).some((heading) => `#${heading.slug}` === match[1]))
        findings.push(`${where(match.index, text)}: no section ${match[1]} here`);

  const missing = [...text.matchAll(repositoryPath)].filter(
    ([, name = '']) => !name.endsWith('.md') && !existsSync(path.join(root, name)),
  );
  // In source code only comments count: a path inside a literal is one the program builds or
  // matches (a test's probe file). Source files kept as test fixtures end in .txt.
  const code = missing.length > 0 && /\.(ts|tsx|js)(\.txt)?$/.test(file) ? withoutLiterals(file, text) : text;
  for (const { index, 1: name = '' } of missing)
    if (code.startsWith(name, index))
      findings.push(`${where(index, text)}: ${name} is not in the repository`);
  return findings;
}

/** The source with its string, template and regular expression literals blanked. */
function withoutLiterals(file: string, text: string): string {
  const source = ts.createSourceFile(
    file,
    text,
    ts.ScriptTarget.Latest,
    true,
    /\.tsx(\.txt)?$/.test(file) ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const spans: [number, number][] = [];
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteralLike(node) || ts.isTemplateLiteral(node) || ts.isRegularExpressionLiteral(node))
      spans.push([node.getStart(source), node.getEnd()]);
    else ts.forEachChild(node, visit);
  };
  visit(source);
  const parts: string[] = [];
  let at = 0;
  for (const [start, end] of spans) {
    parts.push(text.slice(at, start), text.slice(start, end).replace(/[^\n]/g, ' '));
    at = end;
  }
  return parts.join('') + text.slice(at);
}
