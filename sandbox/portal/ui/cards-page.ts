import { entityName, findEntity } from '../crm/crm-search';
import type { Call, User } from '../state/model';
import type { Portal } from '../state/portal';
import { Html, html, page } from './html';
import { agents } from './crm-page';

const directions: Record<Call['type'], [string, string]> = {
  1: ['Outgoing call', 'outgoing'],
  2: ['Incoming call', 'incoming'],
  3: ['Incoming call (redirected)', 'incoming'],
  4: ['Callback', 'callback'],
  5: ['Information call', 'outgoing'],
};

function card(portal: Portal, call: Call, shownAt: number): Html {
  const [label, style] = directions[call.type];
  const entity =
    call.crmEntityType && call.crmEntityId
      ? findEntity(portal, call.crmEntityType, call.crmEntityId)
      : undefined;
  const responsible = entity ? portal.user(entity.ASSIGNED_BY_ID) : undefined;
  const seconds = Math.max(0, Math.round((portal.now() - shownAt) / 1000));
  return html`<div class="card ${style}" data-call="${call.CALL_ID}">
    <div class="dir">${label}${call.lineNumber ? ` · line ${call.lineNumber}` : ''}</div>
    <div class="number">${call.phoneNumber}</div>
    ${
      entity
        ? html`<div class="crm">
            <b>${entityName(entity)}</b> · ${entity.type.toLowerCase()} #${entity.ID}
            ${call.createdLeadId === entity.ID ? ' (created by this call)' : ''}
            <div>
              Responsible:
              ${responsible ? `${responsible.NAME} ${responsible.LAST_NAME}` : entity.ASSIGNED_BY_ID}
            </div>
          </div>`
        : html`<div class="crm">Not in the CRM</div>`
    }
    <div class="state">Card open for ${seconds} s · registered for user ${call.userId}</div>
    <div class="call-id">${call.CALL_ID}</div>
  </div>`;
}

function agentPanel(portal: Portal, user: User): Html {
  const open = portal.data.calls
    .filter((call) => call.cards[String(user.ID)] !== undefined)
    .map((call) => card(portal, call, call.cards[String(user.ID)] ?? portal.now()));
  return html`<div class="panel agent" data-user="${user.ID}">
    <h3>
      ${user.NAME} ${user.LAST_NAME}
      <span class="muted">· user ${user.ID} · ext. ${user.UF_PHONE_INNER ?? '-'}</span>
    </h3>
    ${open.length > 0 ? open : html`<div class="idle">No call card open</div>`}
  </div>`;
}

/** The grid of call cards: what each user would see in Bitrix24 right now. */
export function cardsFragment(portal: Portal, userId: number | null): string {
  const people = userId === null ? [portal.user(1), ...agents(portal)] : [portal.user(userId)];
  return html`<div class="cards">
    ${people.filter((user): user is User => user !== undefined).map((user) => agentPanel(portal, user))}
  </div>`.text;
}

export function cardsPage(portal: Portal, userId: number | null): string {
  const fragmentUrl = userId === null ? '/ui/cards/fragment' : `/ui/cards/fragment?user=${userId}`;
  const script = `setInterval(async () => {
    const response = await fetch(${JSON.stringify(fragmentUrl)});
    if (response.ok) document.getElementById('cards').innerHTML = await response.text();
  }, 1000);`;
  const body = html`<h1>Call cards</h1>
    <p class="muted">
      The call card each user sees, updated every second: register (SHOW=1) and show open it, hide and finish
      close it.
    </p>
    <div id="cards">${new Html(cardsFragment(portal, userId))}</div>`;
  return page('Call cards', 'cards', portal.config.portalName, body, script);
}
