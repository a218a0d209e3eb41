import { useState } from 'react';
import { useServices } from '../app/app-services';
import { t } from '../i18n/t';
import type { PhoneCall } from '../phone/phone';
import { useApp } from '../store/app-store';

/**
 * "Transfer to the responsible manager": the host asks Bitrix24 who is responsible for the caller
 * (searchCrmEntities -> ASSIGNED_BY -> their extension) and the call is transferred there blind.
 * When Bitrix24 knows nobody with an extension, or that manager is not at work by their workday
 * (TIMEMAN_STATUS), the agent is told why and the call stays: nobody would answer there.
 */
export function TransferToResponsible({ call }: { call: PhoneCall }) {
  const { host, phone } = useServices();
  const setPanel = useApp((s) => s.setCallPanel);
  const [looking, setLooking] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const transfer = async () => {
    setLooking(true);
    setRefusal(null);
    try {
      const responsible = await host.calls.responsible(call.remoteNumber);
      if (!responsible) setRefusal(t('transfer.responsible.none'));
      else if (responsible.away)
        setRefusal(
          t(`transfer.responsible.away.${responsible.away.timemanStatus}`, {
            extension: responsible.extension,
          }),
        );
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
      {refusal && (
        <p role="alert" className="field-error">
          {refusal}
        </p>
      )}
    </>
  );
}
