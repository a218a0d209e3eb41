/** The demo console: what is running, where to look, and buttons that make customers call. */
export interface ConsoleLinks {
  portal: string;
  agents: Array<{ extension: string; name: string; url: string }>;
}

const escape = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

export function consolePage(links: ConsoleLinks): string {
  const agents = links.agents
    .map(
      (agent) =>
        `<li><a href="${escape(agent.url)}" target="_blank">${escape(agent.extension)} - ${escape(agent.name)}</a></li>`,
    )
    .join('');
  const callButton = (label: string, body: object) =>
    `<button data-call='${escape(JSON.stringify(body))}'>${escape(label)}</button>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>b24phone demo</title>
<style>
body{font-family:system-ui,sans-serif;max-width:760px;margin:24px auto;padding:0 16px;color:#1f2328}
h1{font-size:22px} h2{font-size:16px;margin-top:24px} li{margin:4px 0}
button{margin:4px 6px 4px 0;padding:8px 12px;border-radius:6px;border:1px solid #8c959f;background:#f6f8fa;cursor:pointer}
#log{font-family:ui-monospace,monospace;font-size:12px;background:#f6f8fa;padding:8px;min-height:3em;white-space:pre-wrap}
</style></head><body>
<h1>b24phone demo</h1>
<p>A real PBX (Kamailio + rtpengine) in its own network namespace, the Bitrix24 portal emulator, and
three agents' apps on the web host. Open an agent, allow the microphone, and make a customer call.</p>
<h2>1. Open the agents (one tab each)</h2><ul>${agents}</ul>
<h2>2. Watch Bitrix24</h2><p><a href="${escape(links.portal)}" target="_blank">The portal emulator</a>: CRM contacts,
each user's call card, statistics with recordings.</p>
<h2>3. Make a customer call</h2>
<p>${callButton('Customer calls 101 (talks 20 s)', { to: '101' })}
${callButton('Customer calls 102', { to: '102' })}
${callButton('Ring group 600 (101 + 102)', { to: '600' })}
${callButton('Customer calls 101 and gives up after 6 s', { to: '101', scenario: 'cancel', ringMs: 6000 })}
${callButton('Known contact calls 101', { to: '101', from: '+79161234567' })}</p>
<p>Outgoing calls from an agent's dialpad: 70xx answers, 71xx is busy, 72xx does not exist, 73xx never answers;
any other number of five digits or more answers.</p>
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
