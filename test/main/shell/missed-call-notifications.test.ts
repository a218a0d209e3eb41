import { describe, expect, it } from 'vitest';
import type { AppLanguage } from '../../../common/settings/appearance-settings';
import { HostEventBus } from '../../../main/services/host-api/event-bus';
import { setupMissedCallNotifications } from '../../../main/shell/missed-call-notifications';
import { WatchedValue } from '../../../main/shell/watched-value';

describe('missed group call notifications', () => {
  it('tells the agent, in their language, of a group call missed under them, and of nothing else', () => {
    const events = new HostEventBus();
    const language = new WatchedValue<AppLanguage>('en');
    const shown: { title: string; body: string }[] = [];
    setupMissedCallNotifications({ events, language, notify: (title, body) => shown.push({ title, body }) });

    events.emit('relay/callbacks', []);
    events.emit('calls/missed', { callKey: 'missed-group-call:1', remoteNumber: '+79161234567' });
    language.set('ru');
    events.emit('calls/missed', { callKey: 'missed-group-call:2', remoteNumber: '+79161234568' });

    expect(shown).toEqual([
      {
        title: 'Missed call',
        body: 'Nobody in your group answered +79161234567. The call is yours, in the call history.',
      },
      {
        title: 'Пропущенный звонок',
        body: 'Никто в вашей группе не ответил на звонок с +79161234568. Звонок назначен вам, он в истории звонков.',
      },
    ]);
  });
});
