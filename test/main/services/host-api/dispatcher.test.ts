import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { Writable } from 'node:stream';
import {
  createHostDispatcher,
  RejectedHostCall,
  type HostApiHandlers,
} from '../../../../main/services/host-api/dispatcher';
import { defaultSettings, type Settings } from '../../../../common/settings/settings';
import { stubHostApiHandlers } from '../../../support/host-api-stub';

/** A logger whose lines the test can read. */
function capturedLog() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { log: pino({ level: 'debug' }, stream), lines };
}

function handlers(stored: Settings[]): HostApiHandlers {
  return stubHostApiHandlers({
    'settings/save': (settings) => {
      stored.push(settings);
      return settings;
    },
  });
}

describe('host dispatcher', () => {
  it('passes a valid call to its handler and returns the result', async () => {
    const stored: Settings[] = [];
    const dispatch = createHostDispatcher(handlers(stored), capturedLog().log);
    const saved = await dispatch('settings/save', [{ ...defaultSettings, cardPolicy: 'never' }]);
    expect(saved).toMatchObject({ cardPolicy: 'never' });
    expect(stored).toHaveLength(1);
  });

  it('drops a call to an unknown method and logs it', async () => {
    const { log, lines } = capturedLog();
    const dispatch = createHostDispatcher(handlers([]), log);
    await expect(dispatch('fs/readFile', ['/etc/passwd'])).rejects.toBeInstanceOf(RejectedHostCall);
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines.some((line) => String(line['msg']).includes('unknown method'))).toBe(true);
  });

  it('drops invalid arguments before any handler sees them, and logs what was wrong', async () => {
    const stored: Settings[] = [];
    const { log, lines } = capturedLog();
    const dispatch = createHostDispatcher(handlers(stored), log);
    const malformed = {
      ...defaultSettings,
      sip: { wsUrl: 'http://not-a-websocket', domain: 'pbx', extension: '101', password: '' },
    };
    await expect(dispatch('settings/save', [malformed])).rejects.toThrow(
      'Invalid arguments for settings/save',
    );
    await expect(dispatch('settings/save', 'not an array')).rejects.toBeInstanceOf(RejectedHostCall);
    await expect(dispatch('calls/report', [{ type: 'ended', callKey: 'x' }])).rejects.toBeInstanceOf(
      RejectedHostCall,
    );
    expect(stored).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines.filter((line) => String(line['msg']).includes('invalid arguments'))).toHaveLength(3);
  });
});
