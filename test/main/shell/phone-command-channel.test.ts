import { describe, expect, it } from 'vitest';
import type { PhoneCommand } from '../../../common/phone/phone-command';
import { PhoneCommandChannel } from '../../../main/shell/phone-command-channel';

describe('phone command channel', () => {
  it('holds commands until the page is ready, then delivers each once, in order', () => {
    const delivered: PhoneCommand[] = [];
    const channel = new PhoneCommandChannel((command) => delivered.push(command));
    channel.send({ kind: 'dial', number: '101' });
    channel.send({ kind: 'set-dnd', on: true });
    expect(delivered).toEqual([]);
    channel.pageReady();
    channel.pageReady();
    expect(delivered).toEqual([
      { kind: 'dial', number: '101' },
      { kind: 'set-dnd', on: true },
    ]);
  });

  it('holds again while the page reloads', () => {
    const delivered: PhoneCommand[] = [];
    const channel = new PhoneCommandChannel((command) => delivered.push(command));
    channel.pageReady();
    channel.pageUnloaded();
    channel.send({ kind: 'answer', callKey: 'a' });
    expect(delivered).toEqual([]);
    channel.pageReady();
    expect(delivered).toEqual([{ kind: 'answer', callKey: 'a' }]);
  });
});
