import { describe, expect, it } from 'vitest';
import { Emitter } from '../../../common/events/emitter';

describe('Emitter', () => {
  it('hands each event its arguments, in subscription order, until unsubscribed', () => {
    const events = new Emitter<{ change: [value: number, previous: number]; other: [] }>();
    const heard: string[] = [];
    const first = events.on('change', (value, previous) => heard.push(`first ${value} ${previous}`));
    events.on('change', (value) => heard.push(`second ${value}`));
    events.on('other', () => heard.push('other'));
    events.emit('change', 2, 1);
    first();
    events.emit('change', 3, 2);
    expect(heard).toEqual(['first 2 1', 'second 2', 'second 3']);
  });

  it('takes a subscription made during an emit from the next emit', () => {
    const events = new Emitter<{ tick: [number] }>();
    const heard: number[] = [];
    events.on('tick', () => events.on('tick', (n) => heard.push(n)));
    events.emit('tick', 1);
    events.emit('tick', 2);
    expect(heard).toEqual([2]);
  });

  it('carries any name that arrives off the wire, __proto__ included', () => {
    const events = new Emitter<Record<string, [payload: unknown]>>();
    const heard: unknown[] = [];
    events.emit('__proto__', 'unheard');
    events.on('__proto__', (payload) => heard.push(payload));
    events.emit('__proto__', 'heard');
    events.emit('constructor', 'unheard');
    expect(heard).toEqual(['heard']);
  });
});
