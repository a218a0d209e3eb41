import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { literalTextFindings, sourceFiles } from './literal-texts';

/**
 * The desktop shell writes no words for the agent itself: the tray, the notifications, the update
 * notice and the login entry take theirs from main/shell/locales through shell-texts.ts, so they
 * are in the agent's language. Every string or template literal in main/shell that reads as prose
 * is reported with file and line, but for text meant for the log or a developer (log calls,
 * errors, refusal reasons) and the few format tokens listed here.
 */

const root = path.resolve(import.meta.dirname, '../../main/shell');

/** Literals that look like words but are a file format's syntax, never shown as text. */
const formatTokens = [
  // The group header every freedesktop Desktop Entry starts with.
  'linux-autostart.ts: literal "[Desktop Entry]"',
  // dbus-send's arguments: a bus name and a typed argument of the tray probe.
  'tray-presence.ts: literal "--dest=org.freedesktop.DBus"',
  'tray-presence.ts: literal "string:org.kde.StatusNotifierWatcher"',
];

function findings(file: string): string[] {
  return literalTextFindings(file, { root, prose: true });
}

describe('the shell’s texts', () => {
  it('come from its catalogue, never from the code', () => {
    const all = sourceFiles(root, 'locales')
      .flatMap((file) => findings(file))
      .filter((finding) => !formatTokens.includes(finding.replace(/:\d+:/, ':')));
    expect(all).toEqual([]);
  });

  it('would be caught when a feature writes one itself', () => {
    const file = path.join(import.meta.dirname, 'fixtures', 'literal-shell.ts.txt');
    expect(findings(file).map((line) => line.replace(/^.*?:(\d+): /, '$1: '))).toEqual([
      '5: literal "Show b24phone"',
      '6: literal "Incoming call: 0"',
    ]);
  });
});
