import { describe, expect, it } from 'vitest';
import { FormParseError, parsePhpForm } from '../../../relay/bitrix/php-form';

describe('parsePhpForm', () => {
  it('reads PHP bracket keys, raw or percent-encoded, into nested objects of strings', () => {
    const raw = parsePhpForm('event=ONEXTERNALCALLSTART&data[CALL_ID]=externalCall.1&auth[member_id]=m&ts=1');
    const encoded = parsePhpForm(
      'event=ONEXTERNALCALLSTART&data%5BCALL_ID%5D=externalCall.1&auth%5Bmember_id%5D=m&ts=1',
    );
    expect({
      ...encoded,
      data: { ...(encoded.data as object) },
      auth: { ...(encoded.auth as object) },
    }).toEqual({
      ...raw,
      data: { ...(raw.data as object) },
      auth: { ...(raw.auth as object) },
    });
    expect((raw.data as Record<string, string>).CALL_ID).toBe('externalCall.1');
  });

  it('decodes + and escapes in values, and appends for []', () => {
    const form = parsePhpForm('data[TEXT]=Call+me%2C+please&list[]=a&list[]=b');
    expect((form.data as Record<string, string>).TEXT).toBe('Call me, please');
    expect({ ...(form.list as object) }).toEqual({ 0: 'a', 1: 'b' });
  });

  it.each([
    ['a prototype key', 'auth[__proto__][x]=1'],
    ['a constructor key', 'constructor[prototype]=1'],
    ['unbalanced brackets', 'data[CALL_ID]]=x'],
    ['an empty head', '[x]=1'],
    ['a value and a group under one name', 'data=1&data[x]=2'],
    ['nesting deeper than any event', 'a[b][c][d][e][f][g]=1'],
  ])('refuses %s', (_name, body) => {
    expect(() => parsePhpForm(body)).toThrow(FormParseError);
  });

  it('refuses more fields than an event has', () => {
    const body = Array.from({ length: 501 }, (_, index) => `f${index}=1`).join('&');
    expect(() => parsePhpForm(body)).toThrow(/more than 500 fields/);
  });
});
