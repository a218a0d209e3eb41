import { describe, expect, it } from 'vitest';
import { defaultLineOf } from '../../../relay/config/default-line';
import { relayFileConfigSchema } from '../../../relay/config/relay-config';

const linesOf = (lines: unknown[]) => relayFileConfigSchema.parse({ lines }).lines;

describe('the default line the relay gives an agent', () => {
  it('is the line that names the agent, else the line that names nobody, else none', () => {
    const lines = linesOf([
      { number: '74950001111', users: [3, 4] },
      { number: '74950002222' },
      { number: '74950003333', users: [2] },
    ]);
    expect(defaultLineOf(lines, 2)).toBe('74950003333');
    expect(defaultLineOf(lines, 4)).toBe('74950001111');
    expect(defaultLineOf(lines, 9)).toBe('74950002222');
    expect(defaultLineOf(linesOf([{ number: '74950001111', users: [3] }]), 9)).toBeUndefined();
    expect(defaultLineOf([], 9)).toBeUndefined();
  });

  it('refuses a line whose users are not Bitrix24 user IDs', () => {
    expect(() => linesOf([{ number: '74950001111', users: ['sales'] }])).toThrow();
  });
});
