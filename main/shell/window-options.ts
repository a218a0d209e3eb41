import type { BrowserWindowConstructorOptions } from 'electron';

/**
 * The one window's options. The page gets no Node, runs in Chromium's sandbox, and sees the host
 * only through the preload's contextBridge API; everything that widens that is switched off
 * explicitly so a change of Electron's defaults cannot loosen it.
 */
export function mainWindowOptions(
  preloadPath: string,
  devTools: boolean,
  backgroundColor: string,
): BrowserWindowConstructorOptions {
  return {
    width: 420,
    height: 720,
    minWidth: 360,
    minHeight: 560,
    title: 'b24phone',
    // Shown on 'ready-to-show' (or left in the tray when started at login), never half-painted.
    show: false,
    autoHideMenuBar: true,
    // The theme's page colour (window-theme.ts): no flash of another colour before the page paints.
    backgroundColor,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      // A middle click would otherwise open links in a new window before any handler sees it.
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
      // Ringing and call timers must keep running while the window is hidden in the tray.
      backgroundThrottling: false,
      // Developer tools only in an unpackaged build: in the field they would be a way into the page.
      devTools,
    },
  };
}
