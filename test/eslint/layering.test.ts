import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

/** A file to lint as if it were at `relativePath`; `~/` in `source` stands for the repository root. */
interface Probe {
  relativePath: string;
  source: string;
}

const probes = {
  commonImportsMain: {
    relativePath: 'common/probe.ts',
    source: "export * from '~/main/services/host-api/dispatcher';\n",
  },
  rendererImportsMainAndNode: {
    relativePath: 'renderer/probe.ts',
    source: "import '~/main/services/host-api/dispatcher';\nimport 'node:fs';\n",
  },
  servicesImportElectron: { relativePath: 'main/services/probe.ts', source: "import 'electron';\n" },
  relayImportsMain: {
    relativePath: 'relay/probe.ts',
    source: "import '~/main/services/host-api/dispatcher';\n",
  },
  sandboxImportsRenderer: { relativePath: 'sandbox/probe.ts', source: "import '~/renderer/main';\n" },
  servicesImportCommon: {
    relativePath: 'main/services/probe.ts',
    source: "import '~/common/host-api/contract';\n",
  },
  shellImportsElectronAndServices: {
    relativePath: 'main/shell/probe.ts',
    source: "import 'electron';\nimport '~/main/services/host-api/dispatcher';\n",
  },
} satisfies Record<string, Probe>;

const probeDirectories: string[] = [];
const errors = new Map<keyof typeof probes, string[]>();

/** Writes `probe` into a folder of its own next to its layer; returns the file. */
function writeProbe({ relativePath, source }: Probe): string {
  // The type-aware config needs a file on disk inside the project.
  const layerDirectory = path.join(root, path.dirname(relativePath));
  mkdirSync(layerDirectory, { recursive: true });
  const directory = mkdtempSync(path.join(layerDirectory, 'lint-probe-'));
  probeDirectories.push(directory);
  const file = path.join(directory, path.basename(relativePath));
  const toRoot = path.relative(directory, root).split(path.sep).join('/');
  writeFileSync(file, source.replaceAll("'~/", `'${toRoot}/`));
  return file;
}

// One ESLint run over every probe with the project's own config: the type-aware parser builds
// the TypeScript program once, which takes minutes on a busy two-core machine.
beforeAll(async () => {
  const names = Object.keys(probes) as Array<keyof typeof probes>;
  const files = names.map((name) => writeProbe(probes[name]));
  const results = await new ESLint({ cwd: root }).lintFiles(files);
  names.forEach((name, index) => {
    const messages = results.find((result) => result.filePath === files[index])?.messages;
    if (!messages) throw new Error(`ESLint did not lint ${files[index]}`);
    errors.set(
      name,
      messages.filter((m) => m.ruleId === 'b24phone/layering').map((m) => m.message),
    );
  });
}, 600_000);

afterAll(() => {
  for (const directory of probeDirectories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

describe('import directions (docs/DEVELOPING.md#layout-and-import-directions)', () => {
  it('refuses common importing main', () => {
    expect(errors.get('commonImportsMain')).toEqual([
      expect.stringContaining("'common' may not import from 'main/services'"),
    ]);
  });

  it('refuses the renderer importing main and Node built-ins', () => {
    const found = errors.get('rendererImportsMainAndNode');
    expect(found).toHaveLength(2);
    expect(found?.[0]).toContain("'renderer' may not import from 'main/services'");
    expect(found?.[1]).toContain("may not import the built-in 'node:fs'");
  });

  it('refuses electron in main/services', () => {
    expect(errors.get('servicesImportElectron')).toEqual([
      expect.stringContaining("Only main/shell and preload may import 'electron'"),
    ]);
  });

  it('refuses the relay and the sandbox importing main or the renderer', () => {
    expect(errors.get('relayImportsMain')).toHaveLength(1);
    expect(errors.get('sandboxImportsRenderer')).toHaveLength(1);
  });

  it('allows the directions the architecture permits', () => {
    expect(errors.get('servicesImportCommon')).toEqual([]);
    expect(errors.get('shellImportsElectronAndServices')).toEqual([]);
  });
});
