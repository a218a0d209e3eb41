import type { HostApi } from '../../common/host-api/host-api';
import { linkDialNeedsConfirmation, linkNumberShown } from '../../common/phone/link-dial';
import type { PhoneCommand } from '../../common/phone/phone-command';
import type { PhoneState } from '../../common/phone/phone-state';
import type { SystemEvent } from '../../common/system/system-event';
import type { PhoneCall, RegistrationState } from '../phone/phone';
import { appStore, type AppState } from '../store/app-store';
import { liveCalls } from '../store/phone-slice';
import type { PhoneController } from './phone-controller';

/**
 * The phone and its host, beyond facts: the phone's state for the desktop shell (tray,
 * notifications, shortcuts) on every change, the shell's commands (notification buttons, global
 * shortcuts, tel: links, tray) carried out, and the machine's sleep, wake and network changes
 * turned into a registration check. Returns the unlink.
 */
export function linkPhoneToHost(host: HostApi, controller: PhoneController): () => void {
  const unsubscribeCommands = host.on('phone/command', (command) => void runCommand(controller, command));
  const unsubscribeSystem = host.on('system/changed', (event) => onSystemEvent(controller, event));
  let reported = '';
  const report = (state: AppState) => {
    const phoneState = phoneStateOf(state);
    const text = JSON.stringify(phoneState);
    if (text === reported) return;
    reported = text;
    // The web host has no use for it; a failure changes nothing for the phone.
    host.phone.state(phoneState).catch(() => undefined);
  };
  // The first report also tells the shell that the page listens for commands now.
  report(appStore.getState());
  const unsubscribeStore = appStore.subscribe(report);
  return () => {
    unsubscribeCommands();
    unsubscribeSystem();
    unsubscribeStore();
  };
}

/** The snapshot the shell's tray and notifications are made from. */
export function phoneStateOf(
  state: Pick<AppState, 'registration' | 'settings' | 'calls' | 'crmNames'>,
): PhoneState {
  return {
    registration: registrationOf(state.registration),
    dnd: state.settings?.phone.dnd ?? false,
    calls: liveCalls(state.calls)
      .slice(0, 8)
      .map((call) => {
        const name = state.crmNames[call.remoteNumber] ?? call.remoteName;
        return {
          callKey: call.id,
          direction: call.direction,
          state: callStateOf(call),
          remoteNumber: call.remoteNumber.slice(0, 64),
          ...(name ? { remoteName: name.slice(0, 100) } : {}),
        };
      }),
  };
}

function registrationOf(registration: RegistrationState): PhoneState['registration'] {
  switch (registration.kind) {
    case 'unconfigured':
      return 'not-configured';
    case 'connecting':
    case 'registering':
      return 'registering';
    case 'registered':
      return 'registered';
    case 'failed':
      return 'failed';
  }
}

function callStateOf(call: PhoneCall): PhoneState['calls'][number]['state'] {
  switch (call.phase) {
    case 'ringing':
      return 'ringing';
    case 'calling':
    case 'connecting':
      return 'connecting';
    case 'held':
      return 'held';
    case 'active':
    case 'ended':
      return 'active';
  }
}

/** Carries out a command of the shell; without a call key it means the oldest fitting call. */
export async function runCommand(controller: PhoneController, command: PhoneCommand): Promise<void> {
  const calls = liveCalls(appStore.getState().calls);
  const ringing = calls.find((call) => call.phase === 'ringing' && call.direction === 'incoming');
  switch (command.kind) {
    case 'answer': {
      const id = command.callKey ?? ringing?.id;
      if (!id) return;
      await controller.phone.answer(id);
      controller.focus(id);
      return;
    }
    case 'decline': {
      const id = command.callKey ?? ringing?.id;
      if (id) await controller.phone.decline(id);
      return;
    }
    case 'hangup': {
      const id = command.callKey ?? calls.find((call) => call.phase !== 'ringing')?.id;
      if (id) await controller.phone.hangup(id);
      return;
    }
    case 'dial':
      await controller.dial(command.number, undefined, {
        dtmfOnAnswer: command.dtmfOnAnswer,
        lineNumber: command.lineNumber,
      });
      return;
    case 'dial-link': {
      const settings = appStore.getState().settings?.phone;
      if (!settings) return appStore.getState().setLinkDial(command.number);
      const number = linkNumberShown(command.number, settings, controller.portalCountry);
      if (linkDialNeedsConfirmation(number, settings, controller.portalCountry))
        appStore.getState().setLinkDial(number);
      else await controller.dial(number);
      return;
    }
    case 'set-dnd':
      await controller.setDnd(command.on);
      return;
    case 'sign-out':
      await controller.signOut();
      return;
  }
}

function onSystemEvent(controller: PhoneController, event: SystemEvent): void {
  // After sleep, an unlock or a network change the WebSocket may be dead without having closed.
  if (event.kind === 'resume' || event.kind === 'unlock-screen' || event.kind === 'online')
    controller.phone.checkRegistration();
}
