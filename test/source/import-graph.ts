import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The project's static import graph (type-only imports included: a circle of types is still a
 * circle a reader has to untangle) and the circles in it. Imports are relative and extensionless
 * (docs/DEVELOPING.md), so a specifier resolves to `x.ts`, `x.tsx` or `x/index.ts`; package imports
 * are not part of the graph.
 */

const importSpecifier = /^(?:import|export)\b[^;]*?\bfrom\s+'([^']+)'|^import\s+'([^']+)'/gms;

function resolve(fromFile: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = path.resolve(path.dirname(fromFile), specifier);
  return [`${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')].find((file) => existsSync(file)) ?? null;
}

/** Every TypeScript file under `folders` mapped to the project files it imports. */
export function importGraph(folders: string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const files = folders
    .flatMap((folder) => readdirSync(folder, { withFileTypes: true, recursive: true }))
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name));
  for (const file of files) {
    const source = readFileSync(file, 'utf8');
    const imported = [...source.matchAll(importSpecifier)]
      .map((match) => resolve(file, match[1] ?? match[2] ?? ''))
      .filter((target): target is string => target !== null);
    graph.set(file, [...new Set(imported)]);
  }
  return graph;
}

/**
 * The circles of `graph`: each strongly connected component of more than one file (Tarjan's
 * algorithm), its files sorted, relative to `root`.
 */
export function importCircles(graph: Map<string, string[]>, root: string): string[][] {
  let nextIndex = 0;
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];

  const visit = (file: string): void => {
    index.set(file, nextIndex);
    lowLink.set(file, nextIndex);
    nextIndex += 1;
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file) ?? []) {
      if (!index.has(target)) {
        visit(target);
        lowLink.set(file, Math.min(lowLink.get(file)!, lowLink.get(target)!));
      } else if (onStack.has(target)) {
        lowLink.set(file, Math.min(lowLink.get(file)!, index.get(target)!));
      }
    }
    if (lowLink.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || graph.get(file)?.includes(file))
      circles.push(component.map((each) => path.relative(root, each)).sort());
  };

  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return circles;
}

/**
 * The same graph a folder at a time: a folder imports another when one of its files imports one of
 * the other's (a folder's own subfolders aside), so `views` -> `app` and `app` -> `views` is a circle.
 */
export function folderGraph(graph: Map<string, string[]>): Map<string, string[]> {
  const folders = new Map<string, Set<string>>();
  for (const [file, targets] of graph) {
    const folder = path.dirname(file);
    const imported = folders.get(folder) ?? new Set<string>();
    for (const target of targets) {
      const targetFolder = path.dirname(target);
      if (targetFolder !== folder && !targetFolder.startsWith(folder + path.sep)) imported.add(targetFolder);
    }
    folders.set(folder, imported);
  }
  return new Map([...folders].map(([folder, imported]) => [folder, [...imported]]));
}
