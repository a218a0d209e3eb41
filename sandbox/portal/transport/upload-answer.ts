import type { Portal } from '../state/portal';
import type { MethodOutcome } from './method-outcome';
import type { RestAnswer } from './rest-answer';

/**
 * How a successful POST to an attachRecord `uploadUrl` is answered. The method's page documents the
 * uploadUrl but not its answer ("data about the uploaded file"), so `ambiguities.uploadAnswer`
 * chooses: `rest` - a REST answer `{result: {FILE_ID}, time}` like every method's; `bare` - the
 * file's data without the envelope (`{FILE_ID}`); `empty` - HTTP 200 with an empty body. The file
 * is stored in every case; only what the client reads differs.
 */
export function uploadAnswer(portal: Portal, outcome: Extract<MethodOutcome, { ok: true }>): RestAnswer {
  switch (portal.config.ambiguities.uploadAnswer) {
    case 'rest':
      return { status: 200, body: { result: outcome.result, time: outcome.time } };
    case 'bare':
      return { status: 200, body: outcome.result };
    case 'empty':
      return { status: 200, body: {}, rawBody: '' };
  }
}
