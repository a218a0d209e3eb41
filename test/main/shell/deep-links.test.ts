import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PhoneCommand } from '../../../common/phone/phone-command';
import { createLogger } from '../../../main/services/log/logger';
import { capturedLog } from '../services/support/captured-log';
import { setupDeepLinks } from '../../../main/shell/deep-links';
import { PhoneCommandChannel } from '../../../main/shell/phone-command-channel';
import { setupSingleInstance } from '../../../main/shell/single-instance';
import { app, FakeEvent, resetElectronMock } from '../../mocks/electron';

const originalArgv = process.argv;

function deepLinks() {
  const sent: PhoneCommand[] = [];
  const commands = new PhoneCommandChannel((command) => sent.push(command));
  let shown = 0;
  const openFromArgv = setupDeepLinks({
    commands,
    showWindow: () => (shown += 1),
    log: createLogger({ level: 'silent' }),
  });
  return { sent, commands, openFromArgv, shown: () => shown };
}

describe('tel:, callto: and sip: handling', () => {
  beforeEach(resetElectronMock);
  afterEach(() => {
    process.argv = originalArgv;
  });

  it('registers the app for the three schemes, with `--` ending the options when unpackaged', () => {
    deepLinks();
    expect(app.protocolClients.map((client) => client.scheme)).toEqual(['tel', 'callto', 'sip']);
    expect(app.protocolClients[0]?.args).toEqual([process.execPath, ['/opt/b24phone/resources/app', '--']]);
    resetElectronMock();
    app.isPackaged = true;
    deepLinks();
    expect(app.protocolClients[0]?.args).toEqual([]);
  });

  it('offers a link that launched the app, once the page is ready', () => {
    process.argv = ['/opt/b24phone/b24phone', 'tel:+7 495 123-45-67'];
    const { sent, commands } = deepLinks();
    expect(sent).toEqual([]);
    commands.pageReady();
    expect(sent).toEqual([{ kind: 'dial-link', number: '+74951234567' }]);
  });

  it('offers a link macOS delivers as open-url and shows the window', () => {
    const { sent, commands, shown } = deepLinks();
    commands.pageReady();
    const event = new FakeEvent();
    app.emit('open-url', event, 'callto:+74951234567');
    expect(event.defaultPrevented).toBe(true);
    expect(sent).toEqual([{ kind: 'dial-link', number: '+74951234567' }]);
    expect(shown()).toBe(1);
  });

  it('logs a scheme the OS would not let the app handle, and registers the others', () => {
    app.refusedSchemes.add('callto');
    const { log, lines } = capturedLog();
    setupDeepLinks({ commands: new PhoneCommandChannel(() => undefined), showWindow: () => undefined, log });
    expect(lines.filter((line) => line['scheme'] !== undefined)).toMatchObject([
      { scheme: 'callto', msg: 'could not register as the handler for a link scheme' },
    ]);
    expect(app.protocolClients.map((client) => client.scheme)).toEqual(['tel', 'callto', 'sip']);
  });

  it('dials nothing for a hostile link', () => {
    const { sent, commands, openFromArgv, shown } = deepLinks();
    commands.pageReady();
    openFromArgv(['b24phone', 'tel:+7495%0d%0aBYE']);
    app.emit('open-url', new FakeEvent(), 'sip:alice@evil.example');
    expect(sent).toEqual([]);
    expect(shown()).toBe(0);
  });

  it('a second launch hands its link to the running instance', () => {
    const instance = setupSingleInstance();
    const { sent, commands, openFromArgv } = deepLinks();
    commands.pageReady();
    instance?.onSecondLaunch(openFromArgv);
    app.emit('second-instance', new FakeEvent(), ['/opt/b24phone/b24phone', 'sip:101@pbx'], '/home/agent');
    expect(sent).toEqual([{ kind: 'dial-link', number: '101' }]);
  });
});

describe('single instance', () => {
  beforeEach(resetElectronMock);

  it('a second launch gets no instance and must quit', () => {
    app.hasSingleInstanceLock = false;
    expect(setupSingleInstance()).toBeNull();
  });

  it('keeps launches that arrive before anyone listens, in order', () => {
    const instance = setupSingleInstance();
    app.emit('second-instance', new FakeEvent(), ['b24phone', 'tel:1']);
    app.emit('second-instance', new FakeEvent(), ['b24phone', 'tel:2']);
    const received: (readonly string[])[] = [];
    instance?.onSecondLaunch((argv) => received.push(argv));
    app.emit('second-instance', new FakeEvent(), ['b24phone']);
    expect(received).toEqual([['b24phone', 'tel:1'], ['b24phone', 'tel:2'], ['b24phone']]);
  });
});
