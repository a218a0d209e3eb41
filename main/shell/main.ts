import { app } from 'electron';
import path from 'node:path';
import { initialPhoneState, type PhoneState } from '../../common/phone/phone-state';
import { defaultSettings, type Settings } from '../../common/settings/settings';
import { createHostServices, type HostServices } from '../services/host-services';
import { createLogger } from '../services/log/logger';
import { registerAppScheme, setupAppProtocol } from './app-protocol';
import { setupAutoUpdate } from './auto-update';
import { setupContentSecurityReload } from './content-security-reload';
import { setupCrashLog } from './crash-log';
import { setupDeepLinks } from './deep-links';
import { setupGlobalShortcuts } from './global-shortcuts';
import { observeHostCalls } from './host-call-observers';
import { setupHostIpc } from './host-ipc';
import { setupIncomingCallNotifications } from './incoming-call-notifications';
import { setupLifecycle } from './lifecycle';
import { setupLoginItem, startedAtLogin } from './login-item';
import { setupMissedCallNotifications } from './missed-call-notifications';
import { MainWindow } from './main-window';
import { openRelaySignInPage } from './relay-sign-in-page';
import { setupNavigationGuard } from './navigation-guard';
import { showNotice } from './notice';
import { setupPermissions } from './permissions';
import { PhoneCommandChannel } from './phone-command-channel';
import { setupProfileDir } from './profile';
import { createSafeStorageSecretStore } from './safe-storage-secrets';
import { setupShellLanguage } from './shell-language';
import { setupSingleInstance, type SingleInstance } from './single-instance';
import { startOrFail } from './startup-failure';
import { setupSystemEvents } from './system-events';
import { setupTray } from './tray';
import { setupTrayPresence } from './tray-presence';
import { WatchedValue } from './watched-value';
import { setupWindowTheme } from './window-theme';

/**
 * The desktop app's entry: wires the host services to one hardened window and the desktop's
 * features, one setup call each. Behaviour lives in the features, not here.
 */
const builtDir = path.resolve(import.meta.dirname, '..');
const preloadPath = path.join(builtDir, 'preload', 'index.cjs');
const rendererDir = path.join(builtDir, 'renderer');

registerAppScheme();
const profileDir = setupProfileDir(process.env);
const instance = setupSingleInstance();
if (instance === null) app.quit();
else startOrFail(profileDir, () => start(instance));

async function start(instance: SingleInstance): Promise<void> {
  const log = createLogger({ destination: path.join(profileDir, 'logs', 'main.log') });
  setupCrashLog(profileDir, log);
  // Created once the app is ready: the secrets they read at once need safeStorage, which is
  // usable only then. Nothing asks them anything before (the window opens after).
  let services: HostServices | null = null;
  const settings = new WatchedValue<Settings>(defaultSettings);
  const phone = new WatchedValue<PhoneState>(initialPhoneState);
  const window = new MainWindow();
  const showWindow = () => window.show();
  const commands = new PhoneCommandChannel((command) => services?.events.emit('phone/command', command));

  const openLinks = setupDeepLinks({ commands, showWindow, log });
  instance.onSecondLaunch((argv) => {
    showWindow();
    openLinks(argv);
  });
  setupNavigationGuard(settings, log);
  setupLifecycle({ showWindow, close: async () => services?.close(), log });

  await app.whenReady();
  const host = createHostServices({
    profileDir,
    log,
    secrets: createSafeStorageSecretStore(profileDir, log),
    // "Sign in with Bitrix24": the relay's confirmation page opens in the system browser.
    openExternal: openRelaySignInPage,
  });
  services = host;
  const trayShown = setupTrayPresence(process.platform, log);
  settings.set(await host.handlers['settings/get']());
  const language = setupShellLanguage(settings);
  setupPermissions(settings, log);
  setupAppProtocol(rendererDir, settings);
  setupHostIpc({
    window,
    handlers: observeHostCalls(host.handlers, {
      settings,
      phone,
      onPhoneReport: () => commands.pageReady(),
    }),
    events: host.events,
    log,
  });
  const backgroundColor = setupWindowTheme(settings, (colour) => window.setBackgroundColor(colour));
  window.open({
    preloadPath,
    backgroundColor,
    startHidden: startedAtLogin(process.argv),
    trayShown,
    log,
    // The page's phone, and every call it held, is gone until the page reports again: the tray
    // and notifications must not go on showing calls that no longer exist.
    onPageUnloaded: () => {
      commands.pageUnloaded();
      phone.set(initialPhoneState);
    },
  });
  setupContentSecurityReload({ settings, phone, reload: () => window.reload() });
  setupTray(phone, language, {
    show: showWindow,
    setDnd: (on) => commands.send({ kind: 'set-dnd', on }),
    // The page signs out of the relay, which drops the session and the tokens from the secrets.
    signOut: () => commands.send({ kind: 'sign-out' }),
    quit: () => app.quit(),
  });
  setupIncomingCallNotifications({ phone, settings, language, commands, showWindow });
  setupMissedCallNotifications({ events: host.events, language, notify: showNotice });
  setupGlobalShortcuts({ settings, phone, commands, language, notify: showNotice, log });
  setupLoginItem(settings, log);
  setupSystemEvents((event) => host.events.emit('system/changed', event));
  setupAutoUpdate({ settings, language, log, notify: showNotice });
}
