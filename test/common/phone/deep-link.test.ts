import { describe, expect, it } from 'vitest';
import { deepLinkInArgv, parseDeepLink } from '../../../common/phone/deep-link';

function dialled(link: string): string | null {
  const outcome = parseDeepLink(link);
  return outcome.kind === 'offer' ? outcome.command.number : null;
}

describe('deep links: what a tel:/callto:/sip: link dials', () => {
  it.each([
    ['tel:+74951234567', '+74951234567'],
    ['tel:+7-495-123-45-67', '+74951234567'],
    ['TEL:+7 (495) 123-45-67', '+74951234567'],
    ['tel:%2B7%20495%201234567', '+74951234567'],
    ['tel:84951234567', '84951234567'],
    ['tel:030 123456', '030123456'],
    ['tel:0049 30 123456', '+4930123456'],
    ['tel://+74951234567', '+74951234567'],
    ['callto:+74951234567', '+74951234567'],
    ['callto://+74951234567/', '+74951234567'],
    ['sip:+74951234567@pbx.example.com', '+74951234567'],
    ['sip:101@pbx.example.com;transport=ws', '101'],
    ['tel:101', '101'],
  ])('%s dials %s', (link, number) => {
    expect(dialled(link)).toBe(number);
  });

  it.each([
    ['a SIP user that is a name', 'sip:alice@example.com'],
    ['tel parameters', 'tel:+74951234567;ext=12'],
    ['a query smuggling headers', 'tel:+74951234567?X-Injected=1'],
    ['SIP headers in the user part', 'sip:%2B74951234567%3Fsubject%3Dx@pbx'],
    ['SIP parameters in the user part', 'sip:+74951234567;user=phone@pbx'],
    ['a second number', 'tel:+74951234567,+74957654321'],
    ['script', 'tel:<script>alert(1)</script>'],
    ['javascript scheme', 'javascript:alert(1)'],
    ['CRLF injection', 'tel:+74951234567%0d%0aBYE'],
    ['NUL byte', 'tel:+7495%001234567'],
    ['shell metacharacters', 'tel:+74951234567$(reboot)'],
    ['fullwidth digits', 'tel:＋７４９５１２３４５６７'],
    ['Arabic-Indic digits', 'tel:+٧٤٩٥١٢٣٤٥٦٧'],
    ['a letter O for zero', 'tel:+7495123456O'],
    ['overlong digits', `tel:+${'1'.repeat(40)}`],
    ['an overlong link', `tel:+74951234567${'%20'.repeat(100)}`],
    ['a broken escape', 'tel:%E0%A4%A'],
    ['an empty number', 'tel:'],
    ['dial prefix only', 'callto://+'],
    ['a Chromium switch', '--gpu-launcher=calc.exe'],
  ])('refuses %s', (_what, link) => {
    const outcome = parseDeepLink(link);
    expect(outcome.kind).toBe('refused');
    expect(outcome.kind === 'refused' && outcome.reason.length > 0).toBe(true);
  });

  it('dials only the number, never text taken from the link', () => {
    const outcome = parseDeepLink('sip:+74951234567@attacker.example;maddr=10.0.0.1');
    expect(outcome).toEqual({ kind: 'offer', command: { kind: 'dial-link', number: '+74951234567' } });
  });

  it('picks our link out of a launch command line and ignores switches and paths', () => {
    expect(
      deepLinkInArgv(['/opt/b24phone/b24phone', '--no-sandbox', '/home/a/file', 'callto:+74951234567']),
    ).toBe('callto:+74951234567');
    expect(deepLinkInArgv(['/opt/b24phone/b24phone', '--hidden'])).toBeNull();
  });
});
