import { describe, expect, it } from 'vitest';
import {
  buildPhpQuery,
  parsePhpQuery,
  phpBool,
  phpUrlDecode,
} from '../../../../sandbox/portal/transport/php-params';

describe('PHP-style parameters', () => {
  it('nests bracket keys and turns 0..n-1 maps into lists', () => {
    expect(
      parsePhpQuery(
        'USER_ID[0]=1&USER_ID[1]=2&fields[PHONE][0][VALUE]=%2B7%20916&fields[PHONE][0][VALUE_TYPE]=WORK',
      ),
    ).toEqual({
      USER_ID: ['1', '2'],
      fields: { PHONE: [{ VALUE: '+7 916', VALUE_TYPE: 'WORK' }] },
    });
  });

  it('appends with [] and keeps the last value of a repeated key', () => {
    expect(parsePhpQuery('a[]=x&a[]=y&b=1&b=2')).toEqual({ a: ['x', 'y'], b: '2' });
  });

  it('decodes percent-encoded brackets before reading them, as PHP does', () => {
    expect(parsePhpQuery('data%5BCALL_ID%5D=externalCall.1&auth%5Bapplication_token%5D=t')).toEqual({
      data: { CALL_ID: 'externalCall.1' },
      auth: { application_token: 't' },
    });
  });

  it('turns dots and spaces in the base name into underscores and keeps sparse keys as a map', () => {
    expect(parsePhpQuery('a.b=1&c d=2&m[1]=x&m[3]=y')).toEqual({
      a_b: '1',
      c_d: '2',
      m: { '1': 'x', '3': 'y' },
    });
  });

  it('decodes + as a space and leaves malformed escapes literal', () => {
    expect(phpUrlDecode('a+b%20c%zz%4')).toBe('a b c%zz%4');
  });

  it('builds event bodies like http_build_query, brackets percent-encoded or raw', () => {
    const fields = { event: 'ONEXTERNALCALLSTART', data: { CALL_ID: 'x y' }, list: ['a'] };
    expect(buildPhpQuery(fields)).toBe('event=ONEXTERNALCALLSTART&data%5BCALL_ID%5D=x+y&list%5B0%5D=a');
    expect(buildPhpQuery(fields, 'raw')).toBe('event=ONEXTERNALCALLSTART&data[CALL_ID]=x+y&list[0]=a');
    expect(parsePhpQuery(buildPhpQuery(fields))).toEqual({ ...fields, data: { CALL_ID: 'x y' } });
  });

  it('casts flags the way PHP does: "false" and "N" are true', () => {
    expect([phpBool('0', true), phpBool('', true), phpBool(0, true), phpBool(false, true)]).toEqual([
      false,
      false,
      false,
      false,
    ]);
    expect([phpBool('false', false), phpBool('N', false), phpBool(undefined, true)]).toEqual([
      true,
      true,
      true,
    ]);
  });
});
