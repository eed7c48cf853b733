import { escapeHtml, html } from './html';

// Called through another name, so that formatters leave the templates' whitespace alone.
const template = html;

describe('html', () => {
  it('escapes every interpolated value', () => {
    const probe = `"><script>alert('x')</script>&\``;
    expect(template`<input value="${probe}">`.markup).toBe(
      '<input value="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&#96;">',
    );
  });

  it('keeps nested fragments and lists as markup, and renders nothing for absent values', () => {
    const items = ['a<b', 'c'].map((name) => template`<li>${name}</li>`);
    expect(template`<ul>${items}</ul>${null}${undefined}${false}`.markup).toBe(
      '<ul><li>a&lt;b</li><li>c</li></ul>',
    );
  });

  it('escapes the five characters that matter and the backquote', () => {
    expect(escapeHtml(`&<>"'\``)).toBe('&amp;&lt;&gt;&quot;&#39;&#96;');
  });
});
