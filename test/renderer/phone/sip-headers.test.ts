import { describe, expect, it } from 'vitest';
import { numberForBitrix } from '../../../common/phone/phone-number';
import {
  autoAnswerRequest,
  callerNumber,
  displayName,
  headerValue,
  redirectedCall,
  referredCall,
} from '../../../renderer/phone/sip-headers';

const reader = (headers: Record<string, string[]>) => (name: string) => headers[name] ?? [];

describe('autoAnswerRequest', () => {
  it.each([
    [{ 'Call-Info': ['<sip:127.0.0.1>;answer-after=0'] }, 0],
    [{ 'Call-Info': ['<sip:x>;Answer-After=3'] }, 3],
    [{ 'Alert-Info': ['<http://www.notused.com>;info=alert-autoanswer;delay=2'] }, 2],
    [{ 'Alert-Info': ['info=alert-autoanswer'] }, 0],
    [{ 'Alert-Info': ['Ring Answer'] }, 0],
    [{ 'Alert-Info': ['<urn:alert:service:auto-answer>'] }, 0],
    [{ 'Answer-Mode': ['Auto'] }, 0],
    [{ 'Call-Info': ['<sip:x>;answer-after=999'] }, 30],
  ])('reads %j as auto-answer after %i s', (headers, delaySeconds) => {
    expect(autoAnswerRequest(reader(headers))).toEqual({ delaySeconds });
  });

  it.each([
    {},
    { 'Call-Info': ['<http://example.com/photo.jpg>;purpose=icon'] },
    { 'Alert-Info': ['<http://example.com/ring.wav>'] },
    { 'Answer-Mode': ['Manual'] },
  ])('does not auto-answer for %j', (headers) => {
    expect(autoAnswerRequest(reader(headers))).toBeNull();
  });
});

describe('caller identity from hostile headers', () => {
  it('keeps a printable number of at most 64 characters', () => {
    expect(callerNumber('+74951234567', undefined)).toBe('+74951234567');
    expect(callerNumber('1'.repeat(500), undefined)).toHaveLength(64);
    expect(callerNumber('<script>alert(1)</script>', undefined)).toBe('scriptalert(1)script');
    // Written with an area code in brackets: shown as written, not with only the brackets dropped.
    expect(callerNumber('+7(495)123-45-67', undefined)).toBe('+7(495)123-45-67');
    expect(numberForBitrix(callerNumber('+7(495)123-45-67', undefined))).toBe('+74951234567');
    expect(callerNumber('', '"')).toBe('anonymous');
    expect(callerNumber(undefined, 'Front desk')).toBe('Frontdesk');
  });

  it('cleans display names', () => {
    expect(displayName('  "Ivan\u0000 Petrov"  ')).toBe('Ivan Petrov');
    expect(displayName('x'.repeat(300))).toHaveLength(100);
    expect(displayName('\u0007')).toBeUndefined();
  });

  it('bounds configured header values', () => {
    const headers = reader({ 'X-Line': ['  74950000000\u0000 '], 'X-Long': ['y'.repeat(1000)] });
    expect(headerValue(headers, 'X-Line', 64)).toBe('74950000000');
    expect(headerValue(headers, 'X-Long', 64)).toHaveLength(64);
    expect(headerValue(headers, 'X-Missing', 64)).toBeUndefined();
    expect(headerValue(headers, '', 64)).toBeUndefined();
  });
});

describe('redirectedCall', () => {
  it.each([
    { Diversion: ['<sip:100@pbx.example.com>;reason=no-answer;counter=1'] },
    { 'History-Info': ['<sip:100@pbx>;index=1', '<sip:101@pbx;cause=302>;index=1.1;mp=1'] },
    { 'History-Info': ['<sip:100@pbx>;index=1, <sip:101@pbx;cause=486>;index=1.1'] },
  ])('reads %j as a call the PBX redirected to us', (headers) => {
    expect(redirectedCall(reader(headers))).toBe(true);
  });

  it.each([
    {},
    { Diversion: ['  '] },
    { 'History-Info': ['<sip:101@pbx>;index=1', '<sip:101@10.0.0.5:5060>;index=1.1;rc=1'] },
  ])('reads %j as a call that came straight to us', (headers) => {
    expect(redirectedCall(reader(headers))).toBe(false);
  });
});

describe('referredCall', () => {
  it('reads a Referred-By header as a call a transfer sent here, and its absence as any other call', () => {
    expect(referredCall(reader({ 'Referred-By': ['<sip:101@pbx.example.com>'] }))).toBe(true);
    expect(referredCall(reader({ 'Referred-By': [' '] }))).toBe(false);
    expect(referredCall(reader({}))).toBe(false);
  });
});
