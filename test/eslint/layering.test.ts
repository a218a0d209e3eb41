import { afterEach, describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

/** Lints `source` as a file in the folder of `relativePath`, with the project's own lint config. */
async function layeringErrors(relativePath: string, source: string): Promise<string[]> {
  // The type-aware config needs a file on disk inside the project; create it next to the layer.
  const layerDirectory = path.join(root, path.dirname(relativePath));
  mkdirSync(layerDirectory, { recursive: true });
  const directory = mkdtempSync(path.join(layerDirectory, 'lint-probe-'));
  const file = path.join(directory, path.basename(relativePath));
  probes.push(directory);
  // `~/` in the source stands for the repository root, seen from the probe's folder.
  const toRoot = path.relative(directory, root).split(path.sep).join('/');
  writeFileSync(file, source.replaceAll("'~/", `'${toRoot}/`));
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintFiles([file]);
  return (result?.messages ?? []).filter((m) => m.ruleId === 'b24phone/layering').map((m) => m.message);
}

const probes: string[] = [];
afterEach(() => {
  for (const directory of probes.splice(0)) rmSync(directory, { recursive: true, force: true });
});

describe('import directions (docs/DEVELOPING.md#layout-and-import-directions)', () => {
  it('refuses common importing main', async () => {
    const errors = await layeringErrors(
      'common/probe.ts',
      "export * from '~/main/services/host-api/dispatcher';\n",
    );
    expect(errors).toEqual([expect.stringContaining("'common' may not import from 'main/services'")]);
  });

  it('refuses the renderer importing main and Node built-ins', async () => {
    const errors = await layeringErrors(
      'renderer/probe.ts',
      "import '~/main/services/host-api/dispatcher';\nimport 'node:fs';\n",
    );
    expect(errors).toHaveLength(2);
    expect(errors[0]).toContain("'renderer' may not import from 'main/services'");
    expect(errors[1]).toContain("may not import the built-in 'node:fs'");
  });

  it('refuses electron in main/services', async () => {
    const errors = await layeringErrors('main/services/probe.ts', "import 'electron';\n");
    expect(errors).toEqual([expect.stringContaining("Only main/shell and preload may import 'electron'")]);
  });

  it('refuses the relay and the sandbox importing main or the renderer', async () => {
    expect(
      await layeringErrors('relay/probe.ts', "import '~/main/services/host-api/dispatcher';\n"),
    ).toHaveLength(1);
    expect(await layeringErrors('sandbox/probe.ts', "import '~/renderer/main';\n")).toHaveLength(1);
  });

  it('allows the directions the architecture permits', async () => {
    expect(await layeringErrors('main/services/probe.ts', "import '~/common/host-api/contract';\n")).toEqual(
      [],
    );
    expect(
      await layeringErrors(
        'main/shell/probe.ts',
        "import 'electron';\nimport '~/main/services/host-api/dispatcher';\n",
      ),
    ).toEqual([]);
  });
});
