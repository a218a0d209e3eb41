import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { getConfig } from 'app-builder-lib/out/util/config/config';
import { describe, expect, it } from 'vitest';
import { deepLinkSchemes } from '../../common/phone/deep-link';
import { projectDir } from './stand-in-package';

/**
 * Windows lists an app under Default apps for a link scheme only when the app has Capabilities
 * with URLAssociations, named in RegisteredApplications, and a ProgID whose open command starts
 * it: the NSIS include (build/installer.nsh) writes these. makensis cannot be downloaded here, so
 * the include's registry writes are read from the file, with its macros and defines expanded.
 */
interface RegistryWrite {
  key: string;
  name: string;
  value: string;
}

function quoted(line: string): string[] {
  return [...line.matchAll(/"((?:[^"]|"")*)"|'([^']*)'/g)].map((m) => m[1] ?? m[2] ?? '');
}

/** The lines a macro runs, with nested macros expanded and defines substituted. */
function expandMacro(source: string, name: string, params: Record<string, string> = {}): string[] {
  const macro = new RegExp(`^!macro ${name}((?: \\w+)*)\\n([\\s\\S]*?)^!macroend`, 'm').exec(source);
  if (!macro) throw new Error(`no macro ${name} in the include`);
  const defines = Object.fromEntries(
    [...source.matchAll(/^!define (\w+) "([^"]*)"/gm)].map((m) => [m[1] ?? '', m[2] ?? '']),
  );
  const values: Record<string, string> = { ...defines, ...params };
  return (macro[2] ?? '')
    .split('\n')
    .map((line) => line.trim().replace(/\$\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole))
    .flatMap((line) => {
      const nested = /^!insertmacro (\w+)(.*)$/.exec(line);
      if (!nested) return [line];
      const nestedName = nested[1] ?? '';
      const paramNames =
        new RegExp(`^!macro ${nestedName}((?: \\w+)*)$`, 'm').exec(source)?.[1]?.trim().split(' ') ?? [];
      const args = quoted(nested[2] ?? '');
      return expandMacro(
        source,
        nestedName,
        Object.fromEntries(paramNames.map((p, i) => [p, args[i] ?? ''])),
      );
    });
}

const include = await readFile(path.join(projectDir, 'build/installer.nsh'), 'utf8');
const installed: RegistryWrite[] = expandMacro(include, 'customInstall')
  .filter((line) => line.startsWith('WriteRegStr SHELL_CONTEXT '))
  .map((line) => {
    const [key = '', name = '', value = ''] = quoted(line);
    return { key, name, value };
  });
const uninstall = expandMacro(include, 'customUnInstall');

const written = (key: string, name = '') => installed.find((w) => w.key === key && w.name === name)?.value;

describe('the NSIS include that makes Windows offer b24phone for tel:, callto: and sip:', () => {
  it('is part of the installer', async () => {
    const config = await getConfig(projectDir, path.join(projectDir, 'electron-builder.yml'), null);
    expect(config.nsis?.include).toBe('build/installer.nsh');
  });

  it('registers Capabilities with a URL association and an opening ProgID for every scheme', () => {
    const capabilities = written('Software\\RegisteredApplications', 'b24phone');
    expect(capabilities).toBe('Software\\b24phone\\Capabilities');
    expect(written(`${capabilities}`, 'ApplicationName')).toBe('b24phone');
    for (const scheme of deepLinkSchemes) {
      const progId = written(`${capabilities}\\URLAssociations`, scheme);
      expect(progId, scheme).toBeDefined();
      // The link reaches the app as its argument, as deep-links.ts reads it.
      expect(written(`Software\\Classes\\${progId}\\shell\\open\\command`)).toBe(
        '"$INSTDIR\\${APP_EXECUTABLE_FILENAME}" "%1"',
      );
    }
  });

  it('removes on uninstall everything it wrote', () => {
    const deletedKeys = uninstall
      .filter((l) => l.startsWith('DeleteRegKey SHELL_CONTEXT '))
      .map((l) => quoted(l)[0] ?? '');
    const deletedValues = uninstall
      .filter((l) => l.startsWith('DeleteRegValue SHELL_CONTEXT '))
      .map((l) => quoted(l).join('|'));
    for (const write of installed) {
      const keyRemoved = deletedKeys.some((key) => write.key === key || write.key.startsWith(`${key}\\`));
      const valueRemoved = deletedValues.includes(`${write.key}|${write.name}`);
      expect(keyRemoved || valueRemoved, `${write.key} ${write.name}`).toBe(true);
    }
    // RegisteredApplications is shared with every other app: only our value goes.
    expect(deletedKeys).not.toContain('Software\\RegisteredApplications');
  });
});
