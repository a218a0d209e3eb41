/** The demo console: what is running, what to try where, and buttons that make customers call. */
export interface ConsoleLinks {
  portal: string;
  relay: string;
  agents: Array<{ extension: string; userId: number; name: string; url: string }>;
}

const escape = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

export function consolePage(links: ConsoleLinks): string {
  const portal = escape(links.portal);
  const agents = links.agents
    .map(
      (agent) =>
        `<li><a href="${escape(agent.url)}" target="_blank">${escape(agent.extension)} - ${escape(agent.name)}</a>
        <span class="muted">Bitrix24 user ${agent.userId}, signed in through the relay</span></li>`,
    )
    .join('');
  const callButton = (label: string, body: object) =>
    `<button data-call='${escape(JSON.stringify(body))}'>${escape(label)}</button>`;
  const example = links.agents[0];
  const asExample = example
    ? ` (for example "☎ as ${escape(example.name.split(' ')[0] ?? '')} (${escape(example.extension)})")`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>b24phone demo</title>
<style>
body{font-family:system-ui,sans-serif;max-width:760px;margin:24px auto;padding:0 16px;color:#1f2328}
h1{font-size:22px} h2{font-size:16px;margin-top:24px} li{margin:4px 0} .muted{color:#59636e;font-size:13px}
button{margin:4px 6px 4px 0;padding:8px 12px;border-radius:6px;border:1px solid #8c959f;background:#f6f8fa;cursor:pointer}
#log{font-family:ui-monospace,monospace;font-size:12px;background:#f6f8fa;padding:8px;min-height:3em;white-space:pre-wrap}
</style></head><body>
<h1>b24phone demo</h1>
<p>The whole product on this machine: a real PBX (Kamailio + rtpengine) in its own network namespace,
the Bitrix24 portal emulator, the relay (<a href="${escape(links.relay)}/health" target="_blank">${escape(links.relay)}</a>)
installed in it as the telephony application, and three agents' apps on the web host, each already signed
in to Bitrix24 through the relay.</p>
<h2>1. Open the agents (one tab each)</h2>
<p>An agent's phone registers with the PBX while its tab is open; allow the microphone.</p>
<ul>${agents}</ul>
<h2>2. Click a number in the CRM</h2>
<p>In <a href="${portal}/" target="_blank">the portal's CRM</a>, click ☎ next to a number as a user${asExample}:
Bitrix24 registers the call and tells the relay, the relay tells that user's app, and the app dials the
number - the customer answers. When the call ends, the app finishes the call Bitrix24 registered.</p>
<h2>3. A website visitor asks for a callback</h2>
<p>Submit <a href="${portal}/ui/callback" target="_blank">the callback form</a>: the relay offers the callback
to a free agent (tab open, phone registered, not in a call); the agent who presses "Call back now" calls the visitor back.
Nobody free: it waits in the queue every agent sees under Callbacks.</p>
<h2>4. Make a customer call</h2>
<p>${callButton('Customer calls 101 (talks 20 s)', { to: '101' })}
${callButton('Customer calls 102', { to: '102' })}
${callButton('Customer calls 101 and gives up after 6 s', { to: '101', scenario: 'cancel', ringMs: 6000 })}
${callButton('Known contact calls 101', { to: '101', from: '+79161234567' })}</p>
<p>${callButton('Ring group 600 (101 + 102)', { to: '600' })} both phones ring; through the relay the call
is registered in Bitrix24 once and that one registration is shared: both see its card, the one who
answers keeps it, the other's is hidden.</p>
<p>Outgoing calls from an agent's dialpad: 70xx answers, 71xx is busy, 72xx does not exist, 73xx never answers;
any other number of five digits or more answers. Watch each user's call cards and the statistics with
recordings in <a href="${portal}/" target="_blank">the portal</a>.</p>
<div id="log" aria-live="polite"></div>
<script>
for (const button of document.querySelectorAll('button[data-call]')) {
  button.addEventListener('click', async () => {
    const log = document.getElementById('log');
    const response = await fetch('/call', { method: 'POST', headers: { 'content-type': 'application/json' }, body: button.dataset.call });
    const body = await response.json();
    log.textContent = new Date().toLocaleTimeString() + ' ' + (response.ok ? 'calling: SIP Call-ID ' + body.callId : 'failed: ' + body.error) + '\\n' + log.textContent;
  });
}
</script></body></html>`;
}
