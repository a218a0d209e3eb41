// @ts-check
/**
 * Enforces the import directions of docs/DEVELOPING.md#layout-and-import-directions.
 *
 * Every file belongs to a layer named by its folder; every relative import is resolved and the
 * target's layer must be one the importer's layer may use. Bare imports are checked too:
 * `electron` only from the shell and the preload, Node built-ins never from `common` or `renderer`.
 * A rule only written down drifts (Mattermost's "electron-free" common imports electron), so the
 * directions live here and `test/eslint/layering.test.ts` proves a forbidden import fails lint.
 */
import path from 'node:path';
import { builtinModules } from 'node:module';

const repositoryRoot = path.resolve(import.meta.dirname, '..');

/** Layer of a file, by the folder it lives in; undefined for files outside any layer. */
export function layerOf(file) {
  const relative = path.relative(repositoryRoot, file).split(path.sep).join('/');
  const layers = [
    ['common/', 'common'],
    ['main/services/', 'main/services'],
    ['main/shell/', 'main/shell'],
    ['main/web-host/', 'main/web-host'],
    ['preload/', 'preload'],
    ['renderer/', 'renderer'],
    ['relay/', 'relay'],
    ['sandbox/', 'sandbox'],
    ['test/', 'test'],
    ['bench/', 'bench'],
    ['packaging/', 'packaging'],
  ];
  return layers.find(([prefix]) => relative.startsWith(prefix))?.[1];
}

/** Which layers each layer may import. Tests and benchmarks may reach everything they exercise. */
const allowedTargets = {
  common: ['common'],
  'main/services': ['common', 'main/services'],
  'main/shell': ['common', 'main/services', 'main/shell'],
  'main/web-host': ['common', 'main/services', 'main/web-host'],
  preload: ['common', 'preload'],
  renderer: ['common', 'renderer'],
  relay: ['common', 'relay'],
  sandbox: ['common', 'sandbox'],
  test: [
    'common',
    'main/services',
    'main/shell',
    'main/web-host',
    'preload',
    'renderer',
    'relay',
    'sandbox',
    'test',
    'bench',
    'packaging',
  ],
  bench: ['common', 'main/services', 'main/web-host', 'renderer', 'relay', 'sandbox', 'bench', 'test'],
  packaging: ['common', 'packaging'],
};

const electronLayers = new Set(['main/shell', 'preload', 'test']);
const noNodeBuiltins = new Set(['common', 'renderer']);
const nodeBuiltins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

/** @type {import('eslint').Rule.RuleModule} */
const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Import directions between the layers of docs/DEVELOPING.md' },
    messages: {
      layer: "'{{from}}' may not import from '{{to}}' (docs/DEVELOPING.md#layout-and-import-directions).",
      electron: "Only main/shell and preload may import 'electron'; '{{from}}' may not.",
      builtin: "'{{from}}' runs without Node: it may not import the built-in '{{name}}'.",
    },
    schema: [],
  },
  create(context) {
    const from = layerOf(context.filename);
    if (!from) return {};
    /** @param {import('estree').Node & { source?: any }} node */
    function check(node) {
      const source = node.source;
      if (!source || typeof source.value !== 'string') return;
      const specifier = source.value;
      if (specifier === 'electron' || specifier.startsWith('electron/')) {
        if (!electronLayers.has(from))
          context.report({ node: source, messageId: 'electron', data: { from } });
        return;
      }
      if (nodeBuiltins.has(specifier.split('/')[0] ?? '') || specifier.startsWith('node:')) {
        if (noNodeBuiltins.has(from))
          context.report({ node: source, messageId: 'builtin', data: { from, name: specifier } });
        return;
      }
      if (!specifier.startsWith('.')) return;
      const to = layerOf(path.resolve(path.dirname(context.filename), specifier));
      const allowed = allowedTargets[from] ?? [];
      if (!to || !allowed.includes(to)) {
        context.report({ node: source, messageId: 'layer', data: { from, to: to ?? specifier } });
      }
    }
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};

export default { rules: { layering: rule } };
