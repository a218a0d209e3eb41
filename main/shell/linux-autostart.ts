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
    'Comment=Softphone for Bitrix24',
    `Exec=${desktopEntryQuoted(executable)} --hidden`,
    'X-GNOME-Autostart-enabled=true',
    'Terminal=false',
    '',
  ].join('\n');
}

/** Quotes an argument as the Desktop Entry specification requires (", `, $ and \ escaped). */
function desktopEntryQuoted(argument: string): string {
  return `"${argument.replace(/["`$\\]/g, (character) => `\\${character}`)}"`;
}

/** The program to start: the AppImage itself when running from one (its mount point changes per run). */
export function autostartExecutable(env: NodeJS.ProcessEnv, execPath: string): string {
  return env['APPIMAGE'] ?? execPath;
}
