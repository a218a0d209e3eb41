import type { PhoneCall } from '../phone/phone';
import { useServices } from '../app/app-services';

export function IncomingCallView({ call }: { call: PhoneCall }) {
  const { phone } = useServices();
  return (
    <section className="view incoming-call" aria-label="Incoming call" aria-live="assertive">
      <p className="call-label">Incoming call</p>
      <h1 className="caller-number" aria-label="Caller number">
        {call.remoteNumber}
      </h1>
      {call.remoteName && call.remoteName !== call.remoteNumber && (
        <p className="caller-name">{call.remoteName}</p>
      )}
      <div className="call-actions">
        <button type="button" className="answer" onClick={() => void phone.phone.answer(call.id)}>
          Answer
        </button>
        <button type="button" className="decline" onClick={() => void phone.phone.decline(call.id)}>
          Decline
        </button>
      </div>
    </section>
  );
}
