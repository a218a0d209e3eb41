import type { ParamMap, ParamValue, Transcription } from '../state/model';
import type { Portal } from '../state/portal';
import { phpString, upperKeys } from '../transport/php-params';
import { coreError } from '../transport/rest-error';

function asList(value: ParamValue | undefined): ParamValue[] | null {
  if (Array.isArray(value)) return value;
  if (value !== null && typeof value === 'object') return Object.values(value);
  return null;
}

/**
 * START_TIME and STOP_TIME are documented as integers (seconds, STOP_TIME at least 1): a fraction is
 * cut off as PHP's (int) does, so an utterance that ends at 0.6 s has STOP_TIME 0 and is refused.
 * A missing or non-numeric value (both are required) is out of range as well.
 */
function wholeSeconds(value: ParamValue | undefined): number {
  const text = phpString(value)?.trim();
  return text !== undefined && /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(text) ? Math.trunc(Number(text)) : NaN;
}

/**
 * telephony.call.attachTranscription: utterances `{SIDE: User|Client, START_TIME >= 0,
 * STOP_TIME >= 1, whole seconds, MESSAGE}` for a call that is already in the statistics.
 */
export function attachTranscription(portal: Portal, rawParams: ParamMap): { TRANSCRIPT_ID: number } {
  const params = upperKeys(rawParams);
  const callId = phpString(params.CALL_ID) ?? '';
  if (!callId) throw coreError('CALL_ID should be set');
  const list = asList(params.MESSAGES);
  if (!list) throw coreError('MESSAGES should be an array');
  const messages: Transcription['MESSAGES'] = list.map((raw, index) => {
    const message = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? upperKeys(raw) : {};
    const side = phpString(message.SIDE);
    if (side !== 'User' && side !== 'Client')
      throw coreError(`MESSAGES[${index}][SIDE] should be either Client or User`);
    const start = wholeSeconds(message.START_TIME);
    if (!(start >= 0)) throw coreError(`MESSAGES[${index}][START_TIME] should be greater or equal to zero`);
    const stop = wholeSeconds(message.STOP_TIME);
    if (!(stop > 0)) throw coreError(`MESSAGES[${index}][STOP_TIME] should be greater than zero`);
    const text = phpString(message.MESSAGE) ?? '';
    if (!text.trim()) throw coreError(`MESSAGES[${index}][MESSAGE] is empty`);
    return { SIDE: side, START_TIME: start, STOP_TIME: stop, MESSAGE: text };
  });
  const call = portal.call(callId);
  if (!call || call.finishedAt === null) throw coreError(`Call ${callId} is not found. Is it finished?`);
  const transcription: Transcription = {
    TRANSCRIPT_ID: portal.nextId('transcript'),
    at: portal.nowIso(),
    MESSAGES: messages,
    COST: phpString(params.COST) ?? null,
    COST_CURRENCY: phpString(params.COST_CURRENCY) ?? null,
  };
  call.transcriptions.push(transcription);
  return { TRANSCRIPT_ID: transcription.TRANSCRIPT_ID };
}
