import type { ShellCatalogue } from './shell-catalogue';

/** Russian, complete (plurals: one, few, many, other). */
export const ru: ShellCatalogue<'one' | 'few' | 'many' | 'other'> = {
  'tray.status.registered': 'готов к звонкам',
  'tray.status.registering': 'подключение к АТС',
  'tray.status.failed': 'нет регистрации на АТС',
  'tray.status.dnd': 'не беспокоить',
  'tray.status.not-configured': 'SIP-аккаунт не настроен',
  'tray.status.with-calls_one': '{{status}}, {{count}} звонок',
  'tray.status.with-calls_few': '{{status}}, {{count}} звонка',
  'tray.status.with-calls_many': '{{status}}, {{count}} звонков',
  'tray.status.with-calls_other': '{{status}}, {{count}} звонка',
  'tray.tooltip': 'b24phone: {{status}}',
  'tray.menu.show': 'Показать b24phone',
  'tray.menu.dnd': 'Не беспокоить',
  'tray.menu.sign-out': 'Выйти из учётной записи',
  'tray.menu.quit': 'Выход',

  'incoming.title': 'Входящий звонок',
  'incoming.title.named': 'Входящий звонок: {{name}}',
  'incoming.unknown-number': 'Номер не определён',
  'incoming.answer': 'Ответить',
  'incoming.decline': 'Отклонить',

  'missed.title': 'Пропущенный звонок',
  'missed.body':
    'Никто в вашей группе не ответил на звонок с {{number}}. Звонок назначен вам, он в истории звонков.',

  'update.ready.title': 'Обновление b24phone {{version}} готово',
  'update.ready.body': 'Оно установится, когда вы закроете b24phone.',

  'autostart.comment': 'Софтфон для Битрикс24',

  'shortcuts.failed.title': 'Глобальные клавиши не назначены',
  'shortcuts.failed.body':
    '{{keys}}: эти клавиши заняты другим приложением, или рабочий стол не разрешает глобальные клавиши. Кнопки в окне b24phone работают.',

  'startup-failed.title': 'b24phone не удалось запустить',
  'startup-failed.body': '{{reason}}\n\nПодробности в файле {{log}}. Отправьте его администратору.',
  'startup-failed.body.no-log': '{{reason}}\n\nЗаписать подробности в журнал тоже не удалось.',
};
