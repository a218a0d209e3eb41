import type { Call, CallRecording } from '../state/model';
import type { Portal } from '../state/portal';

/** A recording as /_sandbox/calls lists it (the content itself is downloaded from `url`). */
export function describeRecording(
  portal: Portal,
  call: Call,
  recording: CallRecording,
): Record<string, unknown> {
  return {
    FILE_ID: recording.FILE_ID,
    FILENAME: recording.FILENAME,
    size: recording.size,
    contentType: recording.contentType,
    format: recording.format,
    durationSec: recording.durationSec,
    attachedAt: recording.attachedAt,
    via: recording.via,
    url: `${portal.origin}/_sandbox/calls/${encodeURIComponent(call.CALL_ID)}/records/${recording.FILE_ID}`,
  };
}

/** One call as GET /_sandbox/calls shows it. Fields are only ever added, never renamed. */
export function describeCall(portal: Portal, call: Call): Record<string, unknown> {
  const activity =
    call.activityId === null ? null : portal.data.activities.find((item) => item.ID === call.activityId);
  return {
    CALL_ID: call.CALL_ID,
    appClientId: call.appClientId,
    source: call.source,
    userId: call.userId,
    registeredAt: new Date(call.registeredAt).toISOString(),
    callStartDate: new Date(call.startDate).toISOString(),
    register: call.register,
    registerRequests: call.registerRequests,
    crm: { entityType: call.crmEntityType, entityId: call.crmEntityId, createdLeadId: call.createdLeadId },
    finish: call.finish,
    finishedAt: call.finishedAt === null ? null : new Date(call.finishedAt).toISOString(),
    finishRequests: call.finishRequests,
    statistics: call.statistics,
    records: call.records.map((recording) => describeRecording(portal, call, recording)),
    replacedRecords: call.replacedRecords.map((recording) => describeRecording(portal, call, recording)),
    attachRecordRequests: call.attachRecordRequests,
    transcriptions: call.transcriptions,
    cardsShownTo: Object.keys(call.cards).map(Number),
    activity: activity ?? null,
  };
}

/** Who sees which call card now. */
export function describeCards(portal: Portal): { userId: number; CALL_ID: string; shownAt: string }[] {
  const cards: { userId: number; CALL_ID: string; shownAt: string }[] = [];
  for (const call of portal.data.calls) {
    for (const [userId, shownAt] of Object.entries(call.cards)) {
      cards.push({ userId: Number(userId), CALL_ID: call.CALL_ID, shownAt: new Date(shownAt).toISOString() });
    }
  }
  return cards.sort((a, b) => a.shownAt.localeCompare(b.shownAt));
}
