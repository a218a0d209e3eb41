/**
 * Every text the desktop shell shows outside the window (tray, OS notifications, the login
 * entry), in English, by stable key: the reference the other languages translate. Same i18next
 * format as the window's catalogue (renderer/i18n/locales/en.ts): `{{name}}` placeholders,
 * plurals as `_one` / `_other`. The shell's code never writes such a text itself
 * (test/source/shell-texts.test.ts).
 */
export const en = {
  'tray.status.registered': 'ready for calls',
  'tray.status.registering': 'connecting to the PBX',
  'tray.status.failed': 'not registered with the PBX',
  'tray.status.dnd': 'do not disturb',
  'tray.status.not-configured': 'no SIP account set up',
  'tray.status.with-calls_one': '{{status}}, {{count}} call',
  'tray.status.with-calls_other': '{{status}}, {{count}} calls',
  'tray.tooltip': 'b24phone: {{status}}',
  'tray.menu.show': 'Show b24phone',
  'tray.menu.dnd': 'Do not disturb',
  'tray.menu.sign-out': 'Sign out',
  'tray.menu.quit': 'Quit',

  'incoming.title': 'Incoming call',
  'incoming.title.named': 'Incoming call: {{name}}',
  'incoming.unknown-number': 'Unknown number',
  'incoming.answer': 'Answer',
  'incoming.decline': 'Decline',

  'missed.title': 'Missed call',
  'missed.body': 'Nobody in your group answered {{number}}. The call is yours, in the call history.',

  'update.ready.title': 'b24phone {{version}} is ready',
  'update.ready.body': 'It will be installed when you quit b24phone.',

  'autostart.comment': 'Softphone for Bitrix24',

  'shortcuts.failed.title': 'System-wide keys not set up',
  'shortcuts.failed.body':
    '{{keys}}: another application holds these keys, or this desktop does not allow system-wide keys. The buttons in the b24phone window still work.',

  'startup-failed.title': 'b24phone could not start',
  'startup-failed.body': '{{reason}}\n\nThe details are in {{log}}. Send this file to your administrator.',
  'startup-failed.body.no-log': '{{reason}}\n\nThe details could not be written to the log either.',
};
