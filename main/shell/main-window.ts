import { app, BrowserWindow, type WebContents } from 'electron';
import type { Logger } from '../services/log/logger';
import { appEntryUrl } from './app-origin';
import { mayRestartRenderer } from './renderer-restart-policy';
import { mainWindowOptions } from './window-options';

export interface MainWindowOptions {
  preloadPath: string;
  /** The theme's background, painted until the page is (window-theme.ts). */
  backgroundColor: string;
  /** Started at login: stay in the tray until the agent (or a ringing call) opens the window. */
  startHidden: boolean;
  /** Whether the desktop shows our tray icon now (tray-presence.ts). */
  trayShown: () => boolean;
  log: Logger;
  /** The page is (re)loading: it cannot take commands until its phone reports again. */
  onPageUnloaded: () => void;
}

/**
 * The app's one window. It exists before the app is ready (deep links and a second launch may ask
 * to show it that early) and is opened once Electron is ready. Closing it hides it to the tray:
 * the phone must keep ringing; only Quit ends the app. Where the desktop shows no tray, closing
 * minimises it instead, so it stays in the taskbar or dock where the agent can get it back.
 */
export class MainWindow {
  #window: BrowserWindow | null = null;
  #showWhenOpened = false;
  #quitting = false;
  readonly #crashes: number[] = [];

  open(options: MainWindowOptions): BrowserWindow {
    const window = new BrowserWindow(
      mainWindowOptions(options.preloadPath, !app.isPackaged, options.backgroundColor),
    );
    this.#window = window;
    app.on('before-quit', () => {
      this.#quitting = true;
    });
    window.on('close', (event) => {
      if (this.#quitting) return;
      event.preventDefault();
      if (options.trayShown()) window.hide();
      else window.minimize();
    });
    window.once('ready-to-show', () => {
      // Hidden at login only where the tray can bring it back; elsewhere it starts minimised.
      if (this.#showWhenOpened || !options.startHidden) this.show();
      else if (!options.trayShown()) {
        window.showInactive();
        window.minimize();
      }
    });
    window.webContents.on('did-start-loading', options.onPageUnloaded);
    window.webContents.on('render-process-gone', (_event, details) => {
      options.onPageUnloaded();
      if (details.reason === 'clean-exit') return;
      const now = Date.now();
      if (mayRestartRenderer(this.#crashes, now)) {
        this.#crashes.push(now);
        options.log.warn({ reason: details.reason }, 'page crashed: reloading it');
        window.webContents.reload();
      } else {
        options.log.error({ reason: details.reason }, 'page keeps crashing: left down');
      }
    });
    void window.loadURL(appEntryUrl);
    return window;
  }

  /** Brings the window to the front, restoring it from the tray or the taskbar. */
  show(): void {
    const window = this.#window;
    if (window === null || window.isDestroyed()) {
      this.#showWhenOpened = true;
      return;
    }
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  }

  /** True for our window's page; IPC from any other webContents is refused. */
  isOurs(contents: WebContents): boolean {
    const window = this.#window;
    return window !== null && !window.isDestroyed() && window.webContents === contents;
  }

  /** The theme changed: what shows around and before the page follows it. */
  setBackgroundColor(colour: string): void {
    const window = this.#window;
    if (window !== null && !window.isDestroyed()) window.setBackgroundColor(colour);
  }

  reload(): void {
    const window = this.#window;
    if (window !== null && !window.isDestroyed()) window.webContents.reload();
  }

  send(channel: string, payload: unknown): void {
    const window = this.#window;
    if (window === null || window.isDestroyed()) return;
    window.webContents.send(channel, payload);
  }
}
