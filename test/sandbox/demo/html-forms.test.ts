import { describe, expect, it } from 'vitest';
import { formOf, headingOf, textOf } from '../../../sandbox/demo/html-forms';

const authorizePage = `<!doctype html><html><head><style>h1{color:red}</style></head><body>
<header><div class="brand">Bitrix24</div></header><main><h1>Sign in to Demo &amp; Co</h1>
<form method="get" action="/search"><input type="hidden" name="user_id" value="2" /></form>
<form method="post" action="/oauth/authorize/">
  <input type="hidden" name="client_id" value="local.1" />
  <input type="hidden" name="state" value="a&#39;b&quot;c" />
  <p><button
      type="submit" name="user_id" value="2">Boris Petrov</button></p>
  <p><button type="submit" name="user_id" value="3">Carla Ivanova</button></p>
</form><script>var x = '<h1>not this</h1>';</script></main></body></html>`;

describe('reading our sign-in pages as a person does', () => {
  it('finds the POST form holding the button to press, with its hidden fields and absolute action', () => {
    expect(formOf(authorizePage, 'http://127.0.0.1:8090/oauth/authorize/?state=x', 'user_id', '3')).toEqual({
      pageUrl: 'http://127.0.0.1:8090/oauth/authorize/?state=x',
      action: 'http://127.0.0.1:8090/oauth/authorize/',
      fields: { client_id: 'local.1', state: 'a\'b"c' },
    });
  });

  it('says which button is missing, with what the page says', () => {
    expect(() => formOf(authorizePage, 'http://portal/', 'user_id', '999')).toThrow(
      "http://portal/ has no form with 'user_id' = '999': Bitrix24 Sign in to Demo & Co Boris Petrov Carla Ivanova",
    );
    expect(() => formOf('<h1>Sign-in expired</h1>', 'http://relay/', 'pairing')).toThrow(
      "http://relay/ has no form with 'pairing': Sign-in expired",
    );
  });

  it('reads the heading and the visible text without tags, styles or scripts', () => {
    expect(headingOf(authorizePage)).toBe('Sign in to Demo & Co');
    expect(textOf('<p>Sign-in code: <b>1234-5678</b>.</p>\n<style>p{}</style>')).toBe(
      'Sign-in code: 1234-5678 .',
    );
  });
});
