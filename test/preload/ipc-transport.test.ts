import { beforeEach, describe, expect, it } from 'vitest';
import type { HostEventName, HostMethodName } from '../../common/host-api/contract';
import { createIpcTransport } from '../../preload/ipc-transport';
import { ipcRenderer, resetElectronMock } from '../mocks/electron';

describe('IPC transport of the preload', () => {
  beforeEach(resetElectronMock);

  it('invokes the channel named after the method with the arguments as given', async () => {
    ipcRenderer.answer = (channel) => (channel === 'status/get' ? { pendingSteps: 0 } : null);
    const transport = createIpcTransport(ipcRenderer);
    await expect(transport.invoke('status/get', [])).resolves.toEqual({ pendingSteps: 0 });
    expect(ipcRenderer.invoked).toEqual([{ channel: 'status/get', args: [] }]);
  });

  it('refuses names outside the contract, so the page cannot reach other channels', async () => {
    const transport = createIpcTransport(ipcRenderer);
    await expect(transport.invoke('ELECTRON_BROWSER_REQUIRE' as HostMethodName, [])).rejects.toThrow(
      /Unknown host method/,
    );
    expect(() => transport.subscribe('ELECTRON_RENDERER_CONTEXT' as HostEventName, () => undefined)).toThrow(
      /Unknown host event/,
    );
    expect(ipcRenderer.invoked).toEqual([]);
  });

  it('gives listeners the payload only, and unsubscribes', () => {
    const transport = createIpcTransport(ipcRenderer);
    const received: unknown[][] = [];
    const unsubscribe = transport.subscribe('phone/command', (...args: unknown[]) => received.push(args));
    ipcRenderer.receive('phone/command', { kind: 'hangup' });
    unsubscribe();
    ipcRenderer.receive('phone/command', { kind: 'answer' });
    expect(received).toEqual([[{ kind: 'hangup' }]]);
    expect(ipcRenderer.listenerCount('phone/command')).toBe(0);
  });
});
