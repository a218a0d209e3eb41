/** Escapes text for HTML content and attribute values. */
export function escapeHtml(value: unknown): string {
  const text =
    typeof value === 'string' ? value : value === null || value === undefined ? '' : JSON.stringify(value);
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A tagged template that escapes every interpolated value unless it is already `Html`. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    out += render(value) + (strings[index + 1] ?? '');
  });
  return new Html(out);
}

function render(value: unknown): string {
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === false || value === null || value === undefined) return '';
  return escapeHtml(typeof value === 'number' ? String(value) : value);
}

const styles = `
:root { --blue:#2fc6f6; --navy:#0b66c3; --ink:#333; --muted:#828b95; --line:#e6e9ec; --bg:#eef2f4; --ok:#9dcf00; --bad:#ff5752; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.45 "Helvetica Neue", Arial, sans-serif; color:var(--ink); background:var(--bg); }
header { background:linear-gradient(90deg,#1e85c8,#2fc6f6); color:#fff; padding:10px 24px; display:flex; align-items:center; gap:28px; }
header .brand { font-size:20px; font-weight:bold; letter-spacing:.2px; }
header .brand small { font-weight:normal; opacity:.8; font-size:13px; margin-left:6px; }
header nav a { color:#fff; text-decoration:none; margin-right:16px; opacity:.9; }
header nav a.active { opacity:1; border-bottom:2px solid #fff; padding-bottom:3px; }
main { padding:20px 24px; }
h1 { font-size:22px; font-weight:normal; margin:0 0 14px; }
h2 { font-size:16px; margin:18px 0 8px; }
.panel { background:#fff; border-radius:10px; padding:16px; box-shadow:0 1px 2px rgba(0,0,0,.06); margin-bottom:16px; }
table { border-collapse:collapse; width:100%; }
th, td { text-align:left; padding:8px 10px; border-bottom:1px solid var(--line); vertical-align:top; }
th { color:var(--muted); font-weight:normal; font-size:12px; text-transform:uppercase; }
.tag { display:inline-block; padding:1px 8px; border-radius:10px; font-size:11px; background:#e5f9ff; color:#0b66c3; }
.tag.LEAD { background:#fff3d6; color:#a06b00; } .tag.COMPANY { background:#eef7e0; color:#5a8a00; }
.phone { white-space:nowrap; margin-bottom:4px; }
button, .button { background:#bbed21; border:0; border-radius:16px; padding:4px 12px; font-size:12px; cursor:pointer; color:#535c69; }
button.call { background:#e5f9ff; color:#0b66c3; margin:0 2px 2px 0; }
button.call:hover { background:#2fc6f6; color:#fff; }
.muted { color:var(--muted); }
.cards { display:grid; grid-template-columns:repeat(auto-fill,minmax(300px,1fr)); gap:16px; }
.agent h3 { margin:0 0 8px; font-size:15px; }
.card { border-radius:12px; padding:14px; color:#fff; background:linear-gradient(135deg,#2fc6f6,#0b66c3); margin-bottom:10px; }
.card.incoming { background:linear-gradient(135deg,#55d0e0,#1e85c8); }
.card.outgoing { background:linear-gradient(135deg,#7fd35a,#3e9e2e); }
.card.callback { background:linear-gradient(135deg,#f7b84b,#e07b00); }
.card .dir { font-size:11px; text-transform:uppercase; letter-spacing:1px; opacity:.85; }
.card .number { font-size:22px; margin:4px 0; }
.card .crm { background:rgba(255,255,255,.18); border-radius:8px; padding:6px 8px; margin-top:6px; }
.card .state { margin-top:6px; font-size:12px; opacity:.9; }
.card .call-id { font-size:10px; opacity:.75; word-break:break-all; }
.idle { color:var(--muted); border:1px dashed var(--line); border-radius:12px; padding:18px; text-align:center; }
.ok { color:#5a8a00; } .bad { color:#d43f3a; }
#result { white-space:pre-wrap; font:12px/1.4 monospace; background:#f7f9fa; border-radius:8px; padding:10px; display:none; max-height:260px; overflow:auto; }
form.stack label { display:block; margin:8px 0 2px; color:var(--muted); font-size:12px; }
form.stack input, form.stack textarea { width:100%; max-width:460px; padding:7px 9px; border:1px solid #c6cdd3; border-radius:6px; font:inherit; }
audio { height:32px; width:240px; }
`;

export type Section = 'crm' | 'callback' | 'cards' | 'statistics' | 'events' | 'none';

/** The page frame: a Bitrix24-like header with the sandbox's sections. */
export function page(title: string, section: Section, portalName: string, body: Html, script = ''): string {
  const link = (href: string, label: string, name: Section) =>
    html`<a href="${href}" class="${section === name ? 'active' : ''}">${label}</a>`;
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <title>${title} · ${portalName}</title>
        <style>
          ${new Html(styles)}
        </style>
      </head>
      <body>
        <header>
          <div class="brand">Bitrix24<small>${portalName} · emulator</small></div>
          <nav>
            ${link('/', 'CRM contacts', 'crm')} ${link('/ui/callback', 'Callback form', 'callback')}
            ${link('/ui/cards', 'Call cards', 'cards')}
            ${link('/ui/statistics', 'Telephony statistics', 'statistics')}
            ${link('/ui/events', 'Event log', 'events')}
          </nav>
        </header>
        <main>${body}</main>
        ${script ? new Html(`<script>${script}</script>`) : ''}
      </body>
    </html>`.text;
}
