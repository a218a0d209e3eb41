import { useApp } from '../store/app-store';

export function IdleView() {
  const registration = useApp((s) => s.registration);
  const lastEnded = useApp((s) => Object.values(s.calls).findLast((call) => call.phase === 'ended'));
  return (
    <section className="view idle-view" aria-label="Ready">
      <h1>{registration.kind === 'registered' ? 'Ready for calls' : 'Not receiving calls'}</h1>
      {lastEnded && (
        <p className="last-call">
          Last call: {lastEnded.remoteNumber} — {lastEnded.endedBecause}
        </p>
      )}
    </section>
  );
}
