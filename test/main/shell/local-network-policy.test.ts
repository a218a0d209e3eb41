import { describe, expect, it } from 'vitest';
import {
  addressSpaceOf,
  addressSpaceOfName,
  permissionsForSpaces,
} from '../../../main/shell/local-network-policy';

describe('local network access: which address needs which permission', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['::1', 'loopback'],
    ['10.1.2.3', 'local'],
    ['172.16.0.1', 'local'],
    ['172.31.255.254', 'local'],
    ['192.168.1.20', 'local'],
    ['169.254.1.1', 'local'],
    ['fd00::5', 'local'],
    ['fe80::1', 'local'],
    ['::ffff:192.168.0.1', 'local'],
    ['172.32.0.1', 'public'],
    ['8.8.8.8', 'public'],
    ['2a00:1450::1', 'public'],
  ])('%s is %s', (address, space) => {
    expect(addressSpaceOf(address)).toBe(space);
  });

  it('knows some names without DNS and leaves the others to it', () => {
    expect(addressSpaceOfName('localhost')).toBe('loopback');
    expect(addressSpaceOfName('pbx.localhost')).toBe('loopback');
    expect(addressSpaceOfName('pbx.local')).toBe('local');
    expect(addressSpaceOfName('[::1]')).toBe('loopback');
    expect(addressSpaceOfName('10.0.0.5')).toBe('local');
    expect(addressSpaceOfName('pbx.example.com')).toBeNull();
  });

  it('a PBX on the internet needs none; a private or loopback one its own, under both of Chromium names', () => {
    expect([...permissionsForSpaces(['public'])]).toEqual([]);
    expect([...permissionsForSpaces(['local'])].sort()).toEqual(['local-network', 'local-network-access']);
    expect([...permissionsForSpaces(['loopback'])].sort()).toEqual([
      'local-network-access',
      'loopback-network',
    ]);
  });
});
