import { useEffect, useState } from 'react';
import type { HostApi } from '../../common/host-api/host-api';
import type { RecordingSummary } from '../../common/recording/recording-summary';
import { useServices } from '../app/app-services';
import { t } from '../i18n/t';

const sliceBytes = 128 * 1024;

/** Reads a recording from the host in slices (the bridge's frames are small) into a Blob URL. */
async function loadRecording(host: HostApi, callKey: string): Promise<string | null> {
  const parts: Uint8Array<ArrayBuffer>[] = [];
  let offset = 0;
  for (;;) {
    const slice = await host.recording.read({ callKey, offset, length: sliceBytes });
    if (!slice) return null;
    const bytes = Uint8Array.from(atob(slice.data), (c) => c.charCodeAt(0));
    parts.push(bytes);
    offset += bytes.length;
    if (bytes.length === 0 || offset >= slice.total) break;
  }
  return URL.createObjectURL(new Blob(parts, { type: 'audio/mpeg' }));
}

/** The recording of a call in the history: its state, and a player once the file is final. */
export function RecordingPlayer({ callKey, recording }: { callKey: string; recording: RecordingSummary }) {
  const { host } = useServices();
  const [url, setUrl] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(
    () => () => {
      if (url) URL.revokeObjectURL(url);
    },
    [url],
  );

  if (recording.state === 'unusable')
    return (
      <span className="status status-bad" role="status" aria-label={t('recording.label')}>
        {t('recording.unusable', { problem: recording.problem ?? '' })}
      </span>
    );
  if (recording.state === 'deleted') return <span className="recording-note">{t('recording.deleted')}</span>;
  if (recording.state === 'recording')
    return <span className="recording-note">{t('recording.in-progress')}</span>;
  if (url) return <audio className="recording-audio" controls src={url} aria-label={t('recording.player')} />;
  return (
    <button
      type="button"
      className="small"
      disabled={failed}
      onClick={() =>
        void loadRecording(host, callKey)
          .then((loaded) => (loaded ? setUrl(loaded) : setFailed(true)))
          .catch(() => setFailed(true))
      }
    >
      {failed
        ? t('recording.unavailable')
        : t('recording.play', { count: Math.round(recording.durationSec) })}
    </button>
  );
}
