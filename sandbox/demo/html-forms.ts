/**
 * Just enough reading of our own sign-in pages (the relay's and the portal emulator's) for a script
 * to do what a person does there: read the heading and the text, find the form with the button to
 * press, and send what the form would send. Not an HTML parser: both pages are ours, quoted
 * attributes, no nested forms.
 */

/** A POST form as a browser would submit it: where to, and its hidden fields. */
export interface HtmlForm {
  /** The page the form is on (a browser sends its origin with the POST). */
  pageUrl: string;
  /** Absolute address the form posts to. */
  action: string;
  fields: Record<string, string>;
}

/**
 * The POST form on the page holding a field or button named `name` (with `value`, when given: the
 * button a person presses); its hidden fields go with it. Throws, naming what is missing, when the
 * page has no such form.
 */
export function formOf(html: string, pageUrl: string, name: string, value?: string): HtmlForm {
  for (const [, formAttributes = '', body = ''] of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const form = attributesOf(formAttributes);
    if (form.method?.toLowerCase() !== 'post') continue;
    const controls = [...body.matchAll(/<(?:input|button)\b([^>]*)>/gi)].map(([, text = '']) =>
      attributesOf(text),
    );
    if (
      !controls.some((control) => control.name === name && (value === undefined || control.value === value))
    )
      continue;
    const fields: Record<string, string> = {};
    for (const control of controls) {
      if (control.type === 'hidden' && control.name) fields[control.name] = control.value ?? '';
    }
    return { pageUrl, action: new URL(form.action ?? '', pageUrl).toString(), fields };
  }
  const what = value === undefined ? `'${name}'` : `'${name}' = '${value}'`;
  throw new Error(`${pageUrl} has no form with ${what}: ${textOf(html).slice(0, 300)}`);
}

/** The page's first heading, as text. */
export function headingOf(html: string): string {
  return textOf(/<h1\b[^>]*>([\s\S]*?)<\/h1>/i.exec(html)?.[1] ?? '');
}

/** The page's visible text (no styles, scripts or tags), whitespace collapsed. */
export function textOf(html: string): string {
  return decode(
    html
      .replace(/<(style|script)\b[\s\S]*?<\/\1>/gi, ' ')
      .replace(/<[^>]*>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  );
}

function attributesOf(text: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const [, name = '', value = ''] of text.matchAll(/([\w-]+)\s*=\s*"([^"]*)"/g)) {
    attributes[name.toLowerCase()] = decode(value);
  }
  return attributes;
}

const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#\d+|[a-z]+);/gi, (entity, code: string) =>
    code.startsWith('#') ? String.fromCharCode(Number(code.slice(1))) : (named[code.toLowerCase()] ?? entity),
  );
}
