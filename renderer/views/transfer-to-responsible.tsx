import { useState } from 'react';
import { useServices } from '../app/app-services';
import { t } from '../i18n/t';
import type { PhoneCall } from '../phone/phone';
import { useApp } from '../store/app-store';

/**
 * "Transfer to the responsible manager": the host asks Bitrix24 who is responsible for the caller
 * (searchCrmEntities -> ASSIGNED_BY -> their extension) and the call is transferred there blind;
 * when Bitrix24 knows nobody with an extension, the agent is told so and the call stays.
 */
export function TransferToResponsible({ call }: { call: PhoneCall }) {
  const { host, phone } = useServices();
  const setPanel = useApp((s) => s.setCallPanel);
  const [looking, setLooking] = useState(false);
  const [unknown, setUnknown] = useState(false);
  const transfer = async () => {
    setLooking(true);
    setUnknown(false);
    try {
      const responsible = await host.calls.responsible(call.remoteNumber);
      if (!responsible) setUnknown(true);
      else if (await phone.blindTransfer(call.id, responsible.extension)) setPanel(null);
    } finally {
      setLooking(false);
    }
  };
  return (
    <>
      <button type="button" className="secondary" disabled={looking} onClick={() => void transfer()}>
        {t('transfer.responsible')}
      </button>
      {unknown && (
        <p role="alert" className="field-error">
          {t('transfer.responsible.none')}
        </p>
      )}
    </>
  );
}
