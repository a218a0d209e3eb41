/**
 * A transfer of a call (the customer's leg) in progress; none when the call has no transfer.
 *
 *   from                    event                                  to
 *   none                    blind (REFER sent)                     blind, requesting
 *   none                    consult (consultation dialled)         attended, consulting
 *   attended, either        complete (REFER with Replaces sent)    attended, requesting
 *   blind, requesting       failed (REFER refused, NOTIFY >= 300)  none
 *   attended, requesting    failed                                 attended, consulting (the agent may retry)
 *   attended, either        consultation-ended (that one)          none (the customer stays held)
 *
 * Success has no row: the call ends as transferred and keeps the state it had. Anything else is
 * refused (null) and leaves the call as it is: a call has one transfer at a time.
 */
export type TransferState =
  | { kind: 'blind'; target: string; status: 'requesting' }
  | { kind: 'attended'; target: string; consultationId: string; status: 'consulting' | 'requesting' };

export type TransferEvent =
  | { kind: 'blind'; target: string }
  | { kind: 'consult'; target: string; consultationId: string }
  | { kind: 'complete' }
  | { kind: 'failed' }
  | { kind: 'consultation-ended'; consultationId: string };

/** The transfer state after `event`, `undefined` for none; `null` when the event is refused. */
export function nextTransfer(
  state: TransferState | undefined,
  event: TransferEvent,
): { transfer: TransferState | undefined } | null {
  switch (event.kind) {
    case 'blind':
      return state ? null : { transfer: { kind: 'blind', target: event.target, status: 'requesting' } };
    case 'consult':
      return state
        ? null
        : {
            transfer: {
              kind: 'attended',
              target: event.target,
              consultationId: event.consultationId,
              status: 'consulting',
            },
          };
    case 'complete':
      // From requesting too: the agent may press "complete" again before the first REFER settles.
      return state?.kind === 'attended' ? { transfer: { ...state, status: 'requesting' } } : null;
    case 'failed':
      if (state?.status !== 'requesting') return null;
      return { transfer: state.kind === 'attended' ? { ...state, status: 'consulting' } : undefined };
    case 'consultation-ended':
      return state?.kind === 'attended' && state.consultationId === event.consultationId
        ? { transfer: undefined }
        : null;
  }
}
