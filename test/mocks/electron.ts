/**
 * The one fake of Electron's API (vitest.config.ts aliases `electron` to this file), in the
 * spirit of electron-fiddle's global mock: Electron's binary cannot run here, so the shell's and
 * the preload's modules get these stand-ins, which record what they were asked to do and let a
 * test play the part of the OS or the page (emit events, invoke IPC, click a notification).
 * Only what the shell uses exists; `resetElectronMock()` gives each test a fresh Electron.
 *
 * The stand-ins are typed against Electron's own declarations (`implements Pick<App, ...>`), so a
 * method the shell calls cannot take other arguments here than there, and they keep Electron's
 * rules where a shell test would otherwise pass and the app fail:
 * - before `ready`: whenReady() waits, windows, trays, the default session, protocol handlers and
 *   global shortcuts throw, safeStorage is not available; registering privileged schemes works
 *   only then (`resetElectronMock({ ready: false })`, then `app.becomeReady()`);
 * - IPC passes values by structured clone (a function or a class instance does not arrive as it
 *   was sent), and a handler's error reaches the page wrapped as
 *   "Error invoking remote method '<channel>': <error>";
 * - registering as a scheme's handler can fail (`app.refusedSchemes`).
 */
import type {
  App,
  Dialog,
  GlobalShortcut,
  IpcMain,
  IpcRenderer,
  Protocol,
  Session,
  Tray as ElectronTray,
} from 'electron';
import { EventEmitter } from 'node:events';

type Listener = (...args: unknown[]) => unknown;

/** An Electron event: records whether a listener vetoed the default action. */
export class FakeEvent {
  defaultPrevented = false;
  constructor(readonly url = '') {}
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

export class FakeWebFrame {
  constructor(
    public url: string,
    public parent: FakeWebFrame | null = null,
  ) {}
}

export class FakeWebContents extends EventEmitter {
  sent: { channel: string; payload: unknown }[] = [];
  reloads = 0;
  windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | null = null;
  readonly mainFrame = new FakeWebFrame('');

  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
  reload(): void {
    this.reloads += 1;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }): void {
    this.windowOpenHandler = handler;
  }
  isDestroyed(): boolean {
    return false;
  }
}

/** Electron's rule for most of its API: usable once the app is ready, an error before. */
function requireReady(what: string): void {
  if (!app.isReady()) throw new Error(`${what} cannot be used before the app is ready`);
}

export class BrowserWindow extends EventEmitter {
  static created: BrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  loadedUrl: string | null = null;
  visible = false;
  focused = false;
  minimized = false;

  constructor(readonly options: Record<string, unknown>) {
    super();
    requireReady('BrowserWindow');
    BrowserWindow.created.push(this);
    app.emit('web-contents-created', new FakeEvent(), this.webContents);
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    this.webContents.mainFrame.url = url;
    return Promise.resolve();
  }
  /** What Electron paints where the page has not: set at creation, changed by setBackgroundColor. */
  get backgroundColor(): unknown {
    return this.#backgroundColor ?? this.options['backgroundColor'];
  }
  #backgroundColor: string | undefined;
  setBackgroundColor(colour: string): void {
    this.#backgroundColor = colour;
  }
  show(): void {
    this.visible = true;
  }
  /** Shows the window without taking the focus. */
  showInactive(): void {
    this.visible = true;
  }
  hide(): void {
    this.visible = false;
  }
  focus(): void {
    this.focused = true;
  }
  restore(): void {
    this.minimized = false;
  }
  minimize(): void {
    this.minimized = true;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isDestroyed(): boolean {
    return false;
  }
}

type FakeAppApi = Pick<
  App,
  | 'requestSingleInstanceLock'
  | 'releaseSingleInstanceLock'
  | 'exit'
  | 'setAsDefaultProtocolClient'
  | 'setLoginItemSettings'
  | 'setAppUserModelId'
  | 'getLocale'
  | 'getAppPath'
  | 'getPath'
  | 'setPath'
  | 'isReady'
  | 'whenReady'
  | 'quit'
>;

class FakeApp extends EventEmitter implements FakeAppApi {
  isPackaged = false;
  hasSingleInstanceLock = true;
  quitRequested = false;
  protocolClients: { scheme: string; args: unknown[] }[] = [];
  /** Schemes the OS does not let us handle: setAsDefaultProtocolClient answers false for them. */
  refusedSchemes = new Set<string>();
  loginItemSettings: unknown[] = [];
  #ready = false;
  #readyWaiters: (() => void)[] = [];

  requestSingleInstanceLock(): boolean {
    return this.hasSingleInstanceLock;
  }
  releaseSingleInstanceLock(): void {
    this.hasSingleInstanceLock = false;
  }
  /** The code app.exit() ended the process with (null: still running). */
  exitCode: number | null = null;
  exit(code = 0): void {
    this.exitCode = code;
  }
  setAsDefaultProtocolClient(scheme: string, path?: string, args?: string[]): boolean {
    this.protocolClients.push({ scheme, args: path === undefined ? [] : [path, ...(args ? [args] : [])] });
    return !this.refusedSchemes.has(scheme);
  }
  setLoginItemSettings(settings: Parameters<App['setLoginItemSettings']>[0]): void {
    this.loginItemSettings.push(settings);
  }
  /** What macOS reports about this launch. */
  openedAtLogin = false;
  getLoginItemSettings(): { wasOpenedAtLogin: boolean } {
    return { wasOpenedAtLogin: this.openedAtLogin };
  }
  appUserModelId: string | null = null;
  setAppUserModelId(id: string): void {
    this.appUserModelId = id;
  }
  /** The application locale Chromium chose from the OS (what the window's navigator.language is). */
  locale = 'en-US';
  getLocale(): string {
    return this.locale;
  }
  getAppPath(): string {
    return '/opt/b24phone/resources/app';
  }
  readonly paths = new Map<string, string>();
  getPath(name: Parameters<App['getPath']>[0]): string {
    return this.paths.get(name) ?? `/tmp/b24phone-fake/${name}`;
  }
  setPath(name: string, value: string): void {
    this.paths.set(name, value);
  }
  isReady(): boolean {
    return this.#ready;
  }
  /** Resolves once the app is ready, as Electron's does: never before. */
  whenReady(): Promise<void> {
    if (this.#ready) return Promise.resolve();
    return new Promise((resolve) => this.#readyWaiters.push(resolve));
  }
  /** Electron finished starting: 'ready' is emitted and whenReady() resolves. */
  becomeReady(): void {
    if (this.#ready) return;
    this.#ready = true;
    this.emit('ready', new FakeEvent(), {});
    for (const resolve of this.#readyWaiters.splice(0)) resolve();
  }
  quit(): void {
    this.quitRequested = true;
  }
  reset(ready: boolean): void {
    this.removeAllListeners();
    this.#ready = ready;
    this.#readyWaiters = [];
    this.refusedSchemes = new Set();
    this.isPackaged = false;
    this.hasSingleInstanceLock = true;
    this.quitRequested = false;
    this.exitCode = null;
    this.protocolClients = [];
    this.loginItemSettings = [];
    this.paths.clear();
    this.openedAtLogin = false;
    this.appUserModelId = null;
    this.locale = 'en-US';
  }
}
export const app = new FakeApp();

/**
 * What crosses IPC: a structured clone, as Electron sends it (functions, symbols and DOM objects
 * cannot be sent; a class instance arrives as a plain object).
 */
function overIpc<T>(value: T): T {
  try {
    return structuredClone(value);
  } catch {
    throw new Error('An object could not be cloned.');
  }
}

/** How a handler's error reaches the page: Electron wraps its text and keeps nothing else of it. */
function invokeError(channel: string, error: unknown): Error {
  return new Error(`Error invoking remote method '${channel}': ${String(error)}`);
}

/** The main side of IPC: handlers by channel, and `invoke` to call one as a page would. */
class FakeIpcMain implements Pick<IpcMain, 'handle'> {
  readonly handlers = new Map<string, Listener>();
  handle(channel: string, handler: Parameters<IpcMain['handle']>[1]): void {
    if (this.handlers.has(channel))
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    // Stored loosely: a test invokes it with the fake's sender and frame.
    this.handlers.set(channel, handler as Listener);
  }
  /** Calls the handler of `channel` as if `sender`'s `frame` had invoked it. */
  invoke(
    channel: string,
    from: { sender: FakeWebContents; frame: FakeWebFrame | null },
    ...args: unknown[]
  ): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler)
      return Promise.reject(invokeError(channel, new Error(`No handler registered for '${channel}'`)));
    let sent: unknown[];
    try {
      sent = overIpc(args);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    // Like Electron: a handler's throw or rejection reaches the page as a wrapped rejection, and
    // what it returns arrives as a clone.
    return new Promise<unknown>((resolve) =>
      resolve(handler({ sender: from.sender, senderFrame: from.frame }, ...sent)),
    ).then(
      (result) => overIpc(result),
      (error: unknown) => Promise.reject(invokeError(channel, error)),
    );
  }
}
export const ipcMain = new FakeIpcMain();

class FakeProtocol implements Pick<Protocol, 'registerSchemesAsPrivileged' | 'handle'> {
  privilegedSchemes: unknown[] = [];
  readonly handlers = new Map<string, (request: Request) => Response | Promise<Response>>();
  registerSchemesAsPrivileged(schemes: Parameters<Protocol['registerSchemesAsPrivileged']>[0]): void {
    if (app.isReady())
      throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
    this.privilegedSchemes.push(...schemes);
  }
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void {
    requireReady('protocol.handle');
    this.handlers.set(scheme, handler);
  }
}
export const protocol = new FakeProtocol();

class FakeSession implements Pick<
  Session,
  'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'
> {
  permissionRequestHandler: Listener | null = null;
  permissionCheckHandler: Listener | null = null;
  devicePermissionHandler: Listener | null = null;
  setPermissionRequestHandler(handler: Parameters<Session['setPermissionRequestHandler']>[0]): void {
    this.permissionRequestHandler = handler as Listener | null;
  }
  setPermissionCheckHandler(handler: Parameters<Session['setPermissionCheckHandler']>[0]): void {
    this.permissionCheckHandler = handler as Listener | null;
  }
  setDevicePermissionHandler(handler: Parameters<Session['setDevicePermissionHandler']>[0]): void {
    this.devicePermissionHandler = handler as Listener | null;
  }
}
let defaultSession = new FakeSession();
/** Electron's default session exists once the app is ready. */
export const session = {
  get defaultSession(): FakeSession {
    requireReady('session.defaultSession');
    return defaultSession;
  },
};

/** showErrorBox is the one dialog Electron allows before ready (on Linux it then only prints). */
export const dialog: Pick<Dialog, 'showErrorBox'> & { errorBoxes: { title: string; content: string }[] } = {
  errorBoxes: [],
  showErrorBox(title: string, content: string): void {
    this.errorBoxes.push({ title, content });
  },
};

export const shell = {
  opened: [] as string[],
  openExternal(url: string): Promise<void> {
    this.opened.push(url);
    return Promise.resolve();
  },
};

export class Notification extends EventEmitter {
  static supported = true;
  static created: Notification[] = [];
  shown = false;
  closed = false;
  constructor(readonly options: { title?: string; body?: string; actions?: { text: string }[] }) {
    super();
    Notification.created.push(this);
  }
  static isSupported(): boolean {
    return Notification.supported;
  }
  show(): void {
    this.shown = true;
  }
  close(): void {
    this.closed = true;
  }
}

export interface FakeImage {
  size: number;
  colourBgra: number[];
  addRepresentation(representation: unknown): void;
}
export const nativeImage = {
  createFromBitmap(buffer: Buffer, options: { width: number }): FakeImage {
    // The centre pixel tells the colour the icon was drawn in.
    const centre = (Math.floor(options.width / 2) * options.width + Math.floor(options.width / 2)) * 4;
    return {
      size: options.width,
      colourBgra: [...buffer.subarray(centre, centre + 4)],
      addRepresentation: () => undefined,
    };
  },
};

export class Tray extends EventEmitter implements Pick<ElectronTray, 'setToolTip'> {
  static created: Tray[] = [];
  tooltip = '';
  menu: { items: unknown[] } | null = null;
  constructor(public image: FakeImage) {
    super();
    requireReady('Tray');
    Tray.created.push(this);
  }
  setImage(image: FakeImage): void {
    this.image = image;
  }
  setToolTip(tooltip: string): void {
    this.tooltip = tooltip;
  }
  setContextMenu(menu: { items: unknown[] }): void {
    this.menu = menu;
  }
}
export const Menu = {
  buildFromTemplate(items: unknown[]): { items: unknown[] } {
    return { items };
  },
};

class FakeGlobalShortcut implements Pick<GlobalShortcut, 'register' | 'unregisterAll'> {
  readonly registered = new Map<string, () => void>();
  /** Accelerators another application holds: registering them fails. */
  taken = new Set<string>();
  register(accelerator: string, callback: () => void): boolean {
    requireReady('globalShortcut');
    if (!/^[A-Za-z0-9]+(\+[A-Za-z0-9]+)*$/.test(accelerator)) throw new Error('bad accelerator');
    if (this.taken.has(accelerator)) return false;
    this.registered.set(accelerator, callback);
    return true;
  }
  unregisterAll(): void {
    this.registered.clear();
  }
  press(accelerator: string): void {
    const callback = this.registered.get(accelerator);
    if (!callback) throw new Error(`${accelerator} is not registered`);
    callback();
  }
}
export const globalShortcut = new FakeGlobalShortcut();

/**
 * Electron's nativeTheme: `themeSource` forces light or dark, `system` follows the OS, whose
 * choice a test sets with `osPrefersDark`; an OS switch emits 'updated' like Electron does.
 */
class FakeNativeTheme extends EventEmitter {
  themeSource: 'system' | 'light' | 'dark' = 'system';
  #osDark = false;
  get shouldUseDarkColors(): boolean {
    return this.themeSource === 'system' ? this.#osDark : this.themeSource === 'dark';
  }
  /** The OS switches between light and dark (e.g. at dusk). */
  osPrefersDark(dark: boolean): void {
    this.#osDark = dark;
    this.emit('updated');
  }
  reset(): void {
    this.removeAllListeners();
    this.themeSource = 'system';
    this.#osDark = false;
  }
}
export const nativeTheme = new FakeNativeTheme();

export const powerMonitor = new EventEmitter();
export const net = { online: true, isOnline: (): boolean => net.online };

export const safeStorage = {
  available: true,
  backend: 'gnome_libsecret',
  /** Never before ready: the OS keyring is asked only then. */
  isEncryptionAvailable(): boolean {
    return app.isReady() && this.available;
  },
  getSelectedStorageBackend(): string {
    return this.backend;
  },
  /** Reversible but not plain text, so a test can tell the file was not written in the clear. */
  encryptString(plain: string): Buffer {
    return Buffer.from(Buffer.from(plain, 'utf8').map((byte) => byte ^ 0x5a));
  },
  decryptString(encrypted: Buffer): string {
    return Buffer.from(encrypted.map((byte) => byte ^ 0x5a)).toString('utf8');
  },
};

export const crashReporter = {
  started: [] as unknown[],
  start(options: unknown): void {
    this.started.push(options);
  },
};

/** The preload's side: what it exposed, and a page-facing ipcRenderer. */
export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(name: string, api: unknown): void {
    this.exposed.set(name, api);
  },
};

class FakeIpcRenderer extends EventEmitter implements Pick<IpcRenderer, 'invoke'> {
  invoked: { channel: string; args: unknown[] }[] = [];
  /** What main answers on a channel; a throw or rejection is main's handler failing. */
  answer: (channel: string, args: unknown[]) => unknown = () => null;
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    let sent: unknown[];
    try {
      sent = overIpc(args);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    this.invoked.push({ channel, args: sent });
    return new Promise<unknown>((resolve) => resolve(this.answer(channel, sent))).then(
      (result) => overIpc(result),
      (error: unknown) => Promise.reject(invokeError(channel, error)),
    );
  }
  /** The main process sends `payload` on `channel`, as webContents.send would. */
  receive(channel: string, payload: unknown): void {
    this.emit(channel, { sender: this, ports: [] }, payload);
  }
}
export const ipcRenderer = new FakeIpcRenderer();

/**
 * A fresh Electron for the next test: ready by default, as the shell's features are set up after
 * `ready`; `{ ready: false }` for what runs before it (the entry, scheme registration).
 */
export function resetElectronMock(options: { ready?: boolean } = {}): void {
  app.reset(options.ready ?? true);
  BrowserWindow.created = [];
  ipcMain.handlers.clear();
  protocol.privilegedSchemes = [];
  protocol.handlers.clear();
  defaultSession = new FakeSession();
  shell.opened = [];
  dialog.errorBoxes = [];
  Notification.supported = true;
  Notification.created = [];
  Tray.created = [];
  globalShortcut.unregisterAll();
  globalShortcut.taken = new Set();
  nativeTheme.reset();
  powerMonitor.removeAllListeners();
  net.online = true;
  safeStorage.available = true;
  safeStorage.backend = 'gnome_libsecret';
  crashReporter.started = [];
  contextBridge.exposed.clear();
  ipcRenderer.removeAllListeners();
  ipcRenderer.invoked = [];
  ipcRenderer.answer = () => null;
}
