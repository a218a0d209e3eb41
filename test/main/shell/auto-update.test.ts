import { describe, expect, it } from 'vitest';
import { updateReadyNotice } from '../../../main/shell/auto-update';
import { shellTexts } from '../../../main/shell/shell-texts';

describe('the update notice', () => {
  it('tells the agent, in their language, that the update waits for them to quit', () => {
    expect(updateReadyNotice('1.4.0', shellTexts('en'))).toEqual({
      title: 'b24phone 1.4.0 is ready',
      body: 'It will be installed when you quit b24phone.',
    });
    expect(updateReadyNotice('1.4.0', shellTexts('ru'))).toEqual({
      title: 'Обновление b24phone 1.4.0 готово',
      body: 'Оно установится, когда вы закроете b24phone.',
    });
  });
});
