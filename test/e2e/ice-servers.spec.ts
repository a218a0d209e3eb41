import { createSocket, type Socket } from 'node:dgram';
import { defaultSettings } from '../../common/settings/settings';
import { VETH_ADDRESS } from '../../sandbox/pbx/network-namespace';
import { startUas } from '../../sandbox/pbx/sipp';
import { expect, test } from './support/fixtures';
import { dial, expectAudio, inCallView } from './support/phone-ui';

/**
 * STUN and TURN servers come from the settings (none by default: the PBX's media relay handles
 * NAT). Two UDP listeners in the test's network namespace stand in for the company's servers; the
 * agent's Chromium must ask each of them (a STUN Binding request, a TURN Allocate request) when a
 * call sets up its media - and the call connects whether or not they answer.
 */

/** STUN message types (RFC 5389/5766) with the magic cookie that marks STUN. */
const bindingRequest = 0x0001;
const allocateRequest = 0x0003;
const magicCookie = 0x2112a442;

async function stunListener(port: number): Promise<{ socket: Socket; types: number[] }> {
  const socket = createSocket('udp4');
  const types: number[] = [];
  socket.on('message', (message) => {
    if (message.length >= 20 && message.readUInt32BE(4) === magicCookie) types.push(message.readUInt16BE(0));
  });
  await new Promise<void>((resolve) => socket.bind(port, VETH_ADDRESS, resolve));
  return { socket, types };
}

test('the STUN and TURN servers of the settings are asked when a call sets up its media', async ({
  rig,
  startAgent,
}) => {
  const stun = await stunListener(3478);
  const turn = await stunListener(3479);
  const uas = await startUas({ rig, behaviour: 'answer' });
  try {
    const phone = {
      ...defaultSettings.phone,
      network: {
        ...defaultSettings.phone.network,
        iceServers: [
          { urls: `stun:${VETH_ADDRESS}:3478`, username: '', credential: '' },
          { urls: `turn:${VETH_ADDRESS}:3479?transport=udp`, username: 'agent101', credential: 'secret' },
        ],
      },
    };
    const { page } = await startAgent('101', { settings: { phone } });
    expect(stun.types).toEqual([]);
    await dial(page, '7000');
    await expectAudio(page);
    await expect.poll(() => stun.types).toContain(bindingRequest);
    await expect.poll(() => turn.types).toContain(allocateRequest);
    await inCallView(page).getByRole('button', { name: 'Hang up' }).click();
  } finally {
    await uas.stop();
    stun.socket.close();
    turn.socket.close();
  }
});
