import { describe, expect, it } from 'vitest';
import { ChangeFeed } from '../../../../main/services/host-api/change-feed';

function feed() {
  const sent: string[] = [];
  const changes = new ChangeFeed(
    (callKey) => sent.push(`call ${callKey}`),
    () => sent.push('status'),
  );
  return { sent, changes };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('the change feed to the page', () => {
  it('sends after the current turn, so what the turn started (a Bitrix24 request) goes first', async () => {
    const { sent, changes } = feed();
    changes.call('a');
    changes.status();
    expect(sent).toEqual([]);
    await nextTurn();
    expect(sent).toEqual(['call a', 'status']);
  });

  it('sends a burst of changes to one call once, and every call that changed', async () => {
    const { sent, changes } = feed();
    changes.call('a');
    changes.call('b');
    changes.call('a');
    changes.status();
    changes.status();
    await nextTurn();
    expect(sent).toEqual(['call a', 'call b', 'status']);
    changes.call('a');
    await nextTurn();
    expect(sent).toEqual(['call a', 'call b', 'status', 'call a']);
  });

  it('sends what waits at once when asked (before the journal closes), and nothing twice', async () => {
    const { sent, changes } = feed();
    changes.call('a');
    changes.flush();
    expect(sent).toEqual(['call a']);
    await nextTurn();
    expect(sent).toEqual(['call a']);
  });
});
