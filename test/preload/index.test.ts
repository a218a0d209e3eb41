import { beforeAll, describe, expect, it } from 'vitest';
import { hostGlobalName } from '../../common/host-api/host-global';
import type { HostApi } from '../../common/host-api/host-api';
import { contextBridge, ipcRenderer, resetElectronMock } from '../mocks/electron';

let host: HostApi;
beforeAll(async () => {
  resetElectronMock();
  await import('../../preload/index');
  host = contextBridge.exposed.get(hostGlobalName) as HostApi;
});

describe('preload', () => {
  it('exposes one frozen host API under b24phoneHost, and nothing else', () => {
    expect([...contextBridge.exposed.keys()]).toEqual(['b24phoneHost']);
    expect(Object.isFrozen(host)).toBe(true);
    expect(Object.keys(host).sort()).toEqual([
      'bitrix',
      'calls',
      'on',
      'outbox',
      'phone',
      'recording',
      'settings',
      'status',
    ]);
    expect(JSON.stringify(Object.keys(host))).not.toMatch(/ipc|invoke|send/i);
  });

  it('reaches the host through the contract channels', async () => {
    ipcRenderer.answer = () => null;
    await host.phone.state({ registration: 'registered', dnd: false, calls: [] });
    expect(ipcRenderer.invoked).toEqual([
      { channel: 'phone/state', args: [{ registration: 'registered', dnd: false, calls: [] }] },
    ]);
  });

  it('delivers host events to page listeners', () => {
    const commands: unknown[] = [];
    const stop = host.on('phone/command', (command) => commands.push(command));
    ipcRenderer.receive('phone/command', { kind: 'dial', number: '101' });
    stop();
    expect(commands).toEqual([{ kind: 'dial', number: '101' }]);
  });
});
