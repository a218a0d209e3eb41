import { entityName, entityPriority } from '../crm/crm-search';
import { defaultLineApp } from '../events/telephony-triggers';
import type { Portal } from '../state/portal';
import { html, page } from './html';

/** Users who take calls: everyone active with an extension. */
export function agents(portal: Portal) {
  return portal.data.users.filter((user) => user.ACTIVE && user.UF_PHONE_INNER);
}

const clickScript = `
document.querySelectorAll('button.call').forEach((button) => {
  button.addEventListener('click', async () => {
    const out = document.getElementById('result');
    out.style.display = 'block';
    out.textContent = 'Calling...';
    const body = { user_id: Number(button.dataset.user), phone: button.dataset.phone,
      entity: { type: button.dataset.type, id: Number(button.dataset.id) } };
    const response = await fetch('/_sandbox/click-to-call', { method: 'POST',
      headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const answer = await response.json();
    if (!response.ok) { out.textContent = 'Nothing happens: ' + answer.error_description; return; }
    const lines = answer.deliveries.map((d) => d.handlerUrl + ' -> ' + (d.status ?? d.outcome) + (d.error ? ' ' + d.error : ''));
    out.textContent = 'Registered ' + answer.CALL_ID + (answer.deduplicated ? ' (same CALL_ID as a call within 30 minutes)' : '') +
      '\\nONEXTERNALCALLSTART: ' + (lines.length ? lines.join('\\n  ') : 'no handler is bound, nobody hears about it');
  });
});`;

/** The CRM list with a "call as" button per agent next to every phone number. */
export function crmPage(portal: Portal): string {
  const people = agents(portal);
  const app = defaultLineApp(portal);
  const entities = [...portal.data.crm].sort(
    (a, b) => entityPriority.indexOf(a.type) - entityPriority.indexOf(b.type) || a.ID - b.ID,
  );
  const rows = entities.map((entity) => {
    const responsible = portal.user(entity.ASSIGNED_BY_ID);
    // Its activities: calls finish wrote, and open ones (a call back to do) crm.activity.add made.
    const activities = portal.data.activities.filter(
      (activity) => activity.OWNER_TYPE === entity.type && activity.OWNER_ID === entity.ID,
    );
    return html`<tr>
      <td><span class="tag ${entity.type}">${entity.type.toLowerCase()}</span></td>
      <td>
        <b>${entityName(entity)}</b>
        <div class="muted">#${entity.ID}</div>
        ${activities.map(
          (activity) =>
            html`<div class="activity muted">
              ${activity.COMPLETED === 'N' ? 'to do' : 'done'}: ${activity.SUBJECT} (user
              ${activity.RESPONSIBLE_ID})
            </div>`,
        )}
      </td>
      <td>
        ${responsible ? `${responsible.NAME} ${responsible.LAST_NAME}` : `user ${entity.ASSIGNED_BY_ID}`}
      </td>
      <td>
        ${entity.PHONE.map(
          (phone) =>
            html`<div class="phone">
              ${phone.VALUE} <span class="muted">${phone.VALUE_TYPE.toLowerCase()}</span><br />
              ${people.map(
                (user) =>
                  html`<button
                    class="call"
                    data-user="${user.ID}"
                    data-phone="${phone.VALUE}"
                    data-type="${entity.type}"
                    data-id="${entity.ID}"
                    title="Click the number as ${user.NAME} ${user.LAST_NAME}"
                  >
                    ☎ as ${user.NAME} (${user.UF_PHONE_INNER})
                  </button>`,
              )}
            </div>`,
        )}
      </td>
    </tr>`;
  });
  const body = html`<h1>CRM: contacts, companies and leads</h1>
    <div class="panel">
      <p class="muted">
        Clicking a number as a user does what Bitrix24 does: it registers the call for that user and sends
        ONEXTERNALCALLSTART to ${app ? app.name : 'the default line (none is set: nothing will happen)'}.
      </p>
      <div id="result"></div>
      <table>
        <thead>
          <tr>
            <th>Type</th>
            <th>Name</th>
            <th>Responsible</th>
            <th>Phones (click to call)</th>
          </tr>
        </thead>
        <tbody>
          ${rows}
        </tbody>
      </table>
    </div>`;
  return page('CRM', 'crm', portal.config.portalName, body, clickScript);
}

const callbackScript = `
document.getElementById('callback').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const body = Object.fromEntries([...form.entries()].filter(([, v]) => v !== ''));
  const out = document.getElementById('result');
  out.style.display = 'block';
  const response = await fetch('/_sandbox/callback-form', { method: 'POST',
    headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const answer = await response.json();
  if (!response.ok) { out.textContent = 'Nothing happens: ' + answer.error_description; return; }
  out.textContent = 'ONEXTERNALCALLBACKSTART for ' + answer.data.CRM_ENTITY_TYPE + ' ' + answer.data.CRM_ENTITY_ID + ':\\n  ' +
    (answer.deliveries.length ? answer.deliveries.map((d) => d.handlerUrl + ' -> ' + (d.status ?? d.outcome)).join('\\n  ') : 'no handler is bound');
});`;

/** A website's CRM callback form, as a visitor fills it in. */
export function callbackPage(portal: Portal): string {
  const body = html`<h1>Website callback form</h1>
    <div class="panel">
      <p class="muted">
        What a visitor of the company's website sees. Submitting it sends ONEXTERNALCALLBACKSTART to the
        application whose line the form calls back on (no user, no CALL_ID: the integration picks an agent and
        registers the call itself).
      </p>
      <form id="callback" class="stack">
        <label>Your phone number</label><input name="phone" required value="+7 926 555-00-11" />
        <label>Your name</label><input name="name" value="" /> <label>Text read to the agent</label
        ><textarea name="text" rows="2"></textarea>
        <p><button type="submit">Call me back</button></p>
      </form>
      <div id="result"></div>
    </div>`;
  return page('Callback form', 'callback', portal.config.portalName, body, callbackScript);
}
