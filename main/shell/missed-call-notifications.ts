import type { AppLanguage } from '../../common/settings/appearance-settings';
import type { HostEventBus } from '../services/host-api/event-bus';
import { shellTexts, type ShellTexts } from './shell-texts';
import type { WatchedValue } from './watched-value';

/**
 * A ring-group call the relay finished as missed under this agent (the portal's responsible user)
 * rang on colleagues' phones, not here: an OS notification tells the agent it is in their history.
 */
export function setupMissedCallNotifications(options: {
  events: HostEventBus;
  language: WatchedValue<AppLanguage>;
  notify: (title: string, body: string) => void;
}): void {
  options.events.on('calls/missed', ({ remoteNumber }) => {
    const notice = missedCallNotice(remoteNumber, shellTexts(options.language.get()));
    options.notify(notice.title, notice.body);
  });
}

/** What the agent is told of a group call nobody answered that is now theirs. */
export function missedCallNotice(number: string, t: ShellTexts): { title: string; body: string } {
  return { title: t('missed.title'), body: t('missed.body', { number }) };
}
