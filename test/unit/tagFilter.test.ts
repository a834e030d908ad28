import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keepOnlyTags } from '../../renderer/messages/tagFilter.js';
import { XSS_PAYLOADS } from '../support/xssPayloads.js';

const ALLOWED = ['b', 'i', 'p', 'br', 'a'];
/**
 * What the pass may give a DOM parser: text without `<`, and the allowed tags bare (an `a` with its href).
 * Nothing else can start a tag, so no parser can find an event handler or a style in it.
 */
const CANONICAL = /^(?:[^<]|<\/?(?:b|i|p|br|a)>|<a href="[^"]*">)*$/;

describe('keepOnlyTags', () => {
  it('leaves the allowed tags bare and no other tag in any payload', () => {
    for (const { what, text } of XSS_PAYLOADS) expect(keepOnlyTags(text, ALLOWED), what).toMatch(CANONICAL);
  });

  it('reads tags as the HTML tokenizer does, and drops handlers and styles however they are written', () => {
    expect(keepOnlyTags('<b onclick=x>bold</B  style="color:red">', ALLOWED)).toBe('<b>bold</b>');
    expect(keepOnlyTags(`<a title="x"onclick='y' HREF='https://contoso.com/?a="1"' href="https://evil.example">go</a>`, ALLOWED)).toBe(
      '<a href="https://contoso.com/?a=&quot;1&quot;">go</a>',
    );
    expect(keepOnlyTags('<p/onmouseover=x/>text<br/>', ALLOWED)).toBe('<p>text<br>');
    expect(keepOnlyTags('<img src="x"onerror="y">', ALLOWED)).toBe('');
  });

  it('keeps text as text, drops comments and the content of code and styles', () => {
    expect(keepOnlyTags(`a < b, c<1, ' onfocus='x' & </>`, ALLOWED)).toBe(`a &lt; b, c&lt;1, ' onfocus='x' & `);
    expect(keepOnlyTags('x<!-- <b> -->y<?php z ?>', ALLOWED)).toBe('xy');
    expect(keepOnlyTags('<script>alert(1)</SCRIPT >a<style>b{}</style><font>c</font>', ALLOWED)).toBe('ac');
    expect(keepOnlyTags('<b>unclosed <i title="', ALLOWED)).toBe('<b>unclosed ');
  });

  it('gives nothing but text and bare allowed tags for any markup', () => {
    const piece = fc.constantFrom('<', '>', '/', '=', '"', "'", ' ', '\n', '!', '-', '?', 'b', 'a', 'p', 'on', 'href', 'style', 'script', 'svg', 'x', '&');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (pieces) => {
        expect(keepOnlyTags(pieces.join(''), ALLOWED)).toMatch(CANONICAL);
      }),
      { numRuns: 2000 },
    );
  });
});
