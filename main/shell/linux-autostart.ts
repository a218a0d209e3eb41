import { shellCatalogues } from './shell-texts';

/**
 * Linux has no app.setLoginItemSettings: desktops start what ~/.config/autostart holds
 * (freedesktop Desktop Application Autostart). This is the entry we write there.
 */
export const autostartFileName = 'b24phone.desktop';

export function autostartEntry(executable: string): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=b24phone',
    ...localisedComments(),
    `Exec=${desktopEntryQuoted(executable)} --hidden`,
    'X-GNOME-Autostart-enabled=true',
    'Terminal=false',
    '',
  ].join('\n');
}

/**
 * The entry's comment (what the desktop's list of startup applications says of it) in English and
 * in every language that translates it, as `Comment[ru]=`: the desktop picks the session's one.
 */
function localisedComments(): string[] {
  return Object.entries(shellCatalogues).flatMap(([language, texts]) => {
    const comment = texts['autostart.comment'];
    if (comment === undefined) return [];
    return [language === 'en' ? `Comment=${comment}` : `Comment[${language.replace('-', '_')}]=${comment}`];
  });
}

/** Quotes an argument as the Desktop Entry specification requires (", `, $ and \ escaped). */
function desktopEntryQuoted(argument: string): string {
  return `"${argument.replace(/["`$\\]/g, (character) => `\\${character}`)}"`;
}

/** The program to start: the AppImage itself when running from one (its mount point changes per run). */
export function autostartExecutable(env: NodeJS.ProcessEnv, execPath: string): string {
  return env['APPIMAGE'] ?? execPath;
}
