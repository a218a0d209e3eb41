import { entityName, findEntity } from '../crm/crm-search';
import type { Call } from '../state/model';
import type { Portal } from '../state/portal';
import { html, page } from './html';

const types: Record<Call['type'], string> = {
  1: 'outgoing',
  2: 'incoming',
  3: 'incoming (redirected)',
  4: 'callback',
  5: 'info',
};

function who(portal: Portal, userId: number): string {
  const user = portal.user(userId);
  return user ? `${user.NAME} ${user.LAST_NAME}` : `user ${userId}`;
}

function crmCell(portal: Portal, call: Call) {
  const entity =
    call.crmEntityType && call.crmEntityId
      ? findEntity(portal, call.crmEntityType, call.crmEntityId)
      : undefined;
  return entity
    ? html`<span class="tag ${entity.type}">${entity.type.toLowerCase()}</span> ${entityName(entity)}`
    : html`<span class="muted">-</span>`;
}

/** Finished calls with their statistics row and a player for the recording; then the active calls. */
export function statisticsPage(portal: Portal): string {
  const finished = portal.data.calls.filter((call) => call.statistics !== null).reverse();
  const active = portal.data.calls.filter((call) => call.statistics === null).reverse();
  const finishedRows = finished.map((call) => {
    const row = call.statistics ?? {};
    const text = (value: unknown) =>
      typeof value === 'string' || typeof value === 'number' ? String(value) : '';
    const recording = call.records[0];
    const url = recording
      ? `/_sandbox/calls/${encodeURIComponent(call.CALL_ID)}/records/${recording.FILE_ID}`
      : null;
    const code = text(row.CALL_FAILED_CODE);
    return html`<tr>
      <td>${portal.portalTime(call.startDate)}</td>
      <td>${who(portal, Number(row.PORTAL_USER_ID))}</td>
      <td>${types[call.type]}</td>
      <td>${call.phoneNumber}</td>
      <td>${crmCell(portal, call)}</td>
      <td>${text(row.CALL_DURATION)} s</td>
      <td class="${code === '200' ? 'ok' : 'bad'}">
        ${code}${row.CALL_FAILED_REASON ? ` · ${text(row.CALL_FAILED_REASON)}` : ''}
      </td>
      <td>
        ${
          url && recording
            ? html`<audio controls preload="none" src="${url}"></audio>
                <div class="muted">${recording.FILENAME} · ${recording.durationSec} s</div>`
            : html`<span class="muted">no recording</span>`
        }${call.transcriptions.length > 0 ? html`<div class="muted">transcript: ${call.transcriptions.at(-1)?.MESSAGES.length ?? 0} lines</div>` : ''}
      </td>
    </tr>`;
  });
  const activeRows = active.map(
    (call) =>
      html`<tr>
        <td>${portal.portalTime(call.startDate)}</td>
        <td>${who(portal, call.userId)}</td>
        <td>${types[call.type]}</td>
        <td>${call.phoneNumber}</td>
        <td>${crmCell(portal, call)}</td>
        <td>
          ${Object.keys(call.cards).length > 0 ? `card open for ${Object.keys(call.cards).join(', ')}` : 'no card'}
        </td>
      </tr>`,
  );
  const body = html`<h1>Telephony statistics</h1>
    <div class="panel">
      <h2>Finished calls</h2>
      <table>
        <thead>
          <tr>
            <th>Start</th>
            <th>User</th>
            <th>Type</th>
            <th>Number</th>
            <th>CRM</th>
            <th>Duration</th>
            <th>Status</th>
            <th>Recording</th>
          </tr>
        </thead>
        <tbody>
          ${
            finishedRows.length > 0
              ? finishedRows
              : html`<tr>
                  <td colspan="8" class="muted">No finished calls yet</td>
                </tr>`
          }
        </tbody>
      </table>
    </div>
    <div class="panel">
      <h2>Registered, not finished</h2>
      <table>
        <thead>
          <tr>
            <th>Start</th>
            <th>User</th>
            <th>Type</th>
            <th>Number</th>
            <th>CRM</th>
            <th>Card</th>
          </tr>
        </thead>
        <tbody>
          ${
            activeRows.length > 0
              ? activeRows
              : html`<tr>
                  <td colspan="6" class="muted">None</td>
                </tr>`
          }
        </tbody>
      </table>
    </div>`;
  return page('Telephony statistics', 'statistics', portal.config.portalName, body);
}

/** The event deliveries, newest first: what the portal sent to which handler and what came back. */
export function eventsPage(portal: Portal): string {
  const rows = [...portal.deliveries].reverse().map(
    (delivery) =>
      html`<tr>
        <td>${delivery.at}</td>
        <td><b>${delivery.event}</b></td>
        <td>${delivery.handlerUrl}</td>
        <td class="${delivery.outcome === 'delivered' ? 'ok' : 'bad'}">
          ${delivery.outcome}${delivery.status !== null ? ` ${delivery.status}` : ''}
          ${delivery.error ? html`<div class="muted">${delivery.error}</div>` : ''}
        </td>
        <td class="muted">${JSON.stringify((delivery.fields.data as unknown) ?? {})}</td>
      </tr>`,
  );
  const body = html`<h1>Event log</h1>
    <div class="panel">
      <table>
        <thead>
          <tr>
            <th>At</th>
            <th>Event</th>
            <th>Handler</th>
            <th>Outcome</th>
            <th>data</th>
          </tr>
        </thead>
        <tbody>
          ${
            rows.length > 0
              ? rows
              : html`<tr>
                  <td colspan="5" class="muted">No event sent yet</td>
                </tr>`
          }
        </tbody>
      </table>
    </div>`;
  return page('Event log', 'events', portal.config.portalName, body);
}
