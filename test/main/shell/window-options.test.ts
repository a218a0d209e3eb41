import { describe, expect, it } from 'vitest';
import { mainWindowOptions } from '../../../main/shell/window-options';

describe('main window options', () => {
  const options = mainWindowOptions('/app/out/preload/index.cjs', false, '#eef1f6');
  const web = options.webPreferences ?? {};

  it('isolates the page: context isolation, sandbox, no Node anywhere', () => {
    expect(web).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
    });
  });

  it('keeps web security on and every widening feature off', () => {
    expect(web).toMatchObject({
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      disableBlinkFeatures: 'Auxclick',
    });
  });

  it('loads our preload and no developer tools in a packaged build', () => {
    expect(web.preload).toBe('/app/out/preload/index.cjs');
    expect(web.devTools).toBe(false);
    expect(mainWindowOptions('/p', true, '#eef1f6').webPreferences?.devTools).toBe(true);
  });

  it('starts hidden so it is shown only when painted (or stays in the tray), in the theme’s colour', () => {
    expect(options.show).toBe(false);
    expect(options.backgroundColor).toBe('#eef1f6');
  });
});
