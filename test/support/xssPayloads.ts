// Well-known XSS payloads for the hostile-input tests. Each payload, were it ever to run, records its own
// number: `__xss(n)` in the page, or a message to the top window from a framed document (another origin).
// `recordXssRuns` installs the recorder in every page and frame of a browser context.
import type { BrowserContext, Page } from 'playwright-core';

export type XssPayload = { number: number; what: string; text: string };

const run = (n: number) => `__xss(${n})`;
const runFromFrame = (n: number) => `top.postMessage({xss:${n}},"*")`;
const base64 = (text: string) => Buffer.from(text).toString('base64');
const asEntities = (text: string) => [...text].map((c) => `&#${c.codePointAt(0)};`).join('');

const TEMPLATES: ReadonlyArray<readonly [what: string, make: (n: number) => string]> = [
  ['script element', (n) => `<script>${run(n)}</script>`],
  ['script with a data: src', (n) => `<script src="data:text/javascript,${run(n)}"></script>`],
  ['img onerror', (n) => `<img src=x onerror=${run(n)}>`],
  ['img onerror right after a quoted attribute', (n) => `<img src="x"onerror="${run(n)}">`],
  ['svg onload after a slash', (n) => `<svg/onload=${run(n)}>`],
  ['body onload', (n) => `<body onload=${run(n)}>`],
  ['details ontoggle', (n) => `<details open ontoggle=${run(n)}><summary>more</summary></details>`],
  ['video source onerror', (n) => `<video><source onerror="${run(n)}"></video>`],
  ['input autofocus onfocus', (n) => `<input autofocus onfocus=${run(n)}>`],
  ['svg animate onbegin', (n) => `<svg><animate onbegin=${run(n)} attributeName=x dur=1s>`],
  ['a with a javascript: href', (n) => `<a href="javascript:${run(n)}">open</a>`],
  ['a with an entity-encoded javascript: href and a tab', (n) => `<a href="&#106;ava&#x09;script&colon;${run(n)}">open</a>`],
  ['a with a data: href', (n) => `<a href="data:text/html;base64,${base64(`<script>${runFromFrame(n)}</script>`)}">open</a>`],
  ['svg a with a javascript: xlink:href', (n) => `<svg><a xlink:href="javascript:${run(n)}"><text y="20">open</text></a></svg>`],
  ['iframe with a javascript: src', (n) => `<iframe src="javascript:parent.${run(n)}"></iframe>`],
  ['iframe srcdoc', (n) => `<iframe srcdoc="<script>parent.${run(n)}</script>"></iframe>`],
  ['object with a data: document', (n) => `<object data="data:text/html;base64,${base64(`<script>${runFromFrame(n)}</script>`)}"></object>`],
  [
    'embed with a data: svg',
    (n) => `<embed src="data:image/svg+xml;base64,${base64(`<svg xmlns="http://www.w3.org/2000/svg" onload='${runFromFrame(n)}'/>`)}">`,
  ],
  ['form with a javascript: action', (n) => `<form action="javascript:${run(n)}"><button>Send</button></form>`],
  ['button with a javascript: formaction', (n) => `<form><button formaction="javascript:${run(n)}">Send</button></form>`],
  ['meta refresh to javascript:', (n) => `<meta http-equiv="refresh" content="0;url=javascript:${run(n)}">`],
  ['style attribute with url(javascript:)', (n) => `<div style="background:url('javascript:${run(n)}')">styled</div>`],
  ['style attribute with expression()', (n) => `<b style="width:expression(${run(n)})">bold</b>`],
  ['style element', (n) => `<style>@import 'javascript:${run(n)}';body{background:url(javascript:${run(n)})}</style>`],
  ['template content', (n) => `<template><img src=x onerror=${run(n)}></template>`],
  ['noscript title mXSS', (n) => `<noscript><p title="</noscript><img src=x onerror=${run(n)}>">`],
  ['math mglyph style mXSS', (n) => `<math><mtext><table><mglyph><style><img src=x onerror=${run(n)}>`],
  ['svg style namespace confusion', (n) => `<svg></p><style><a id="</style><img src=x onerror=${run(n)}>">`],
  ['nested forms in math mXSS', (n) => `<form><math><mtext></form><form><mglyph><style></math><img src onerror=${run(n)}>`],
  ['script tag split by another', (n) => `<scr<script>ipt>${run(n)}</scr</script>ipt>`],
  ['unclosed tag', (n) => `<img src=x onerror=${run(n)}//`],
  ['textarea breakout', (n) => `</textarea><script>${run(n)}</script>`],
  ['double-quoted attribute breakout', (n) => `"><img src=x onerror=${run(n)}>`],
  ['single-quoted attribute breakout', (n) => `' autofocus onfocus='${run(n)}' x='`],
  ['Svelte {@html}', (n) => `{@html '<img src=x onerror=${run(n)}>'}`],
  ['template expressions', (n) => `{${run(n)}} \${${run(n)}} {{constructor.constructor('${run(n)}')()}}`],
  ['entity-encoded handler', (n) => `<img src=x onerror="${asEntities(run(n))}">`],
  ['unicode-escaped handler', (n) => `<img src=x onerror="\\u005f\\u005fxss(${n})">`],
  ['already escaped and percent-encoded', (n) => `&lt;img src=x onerror=${run(n)}&gt; %3Cscript%3E${run(n)}%3C/script%3E`],
  ['right-to-left override and invisible marks', (n) => `\u202Egnp.exe\u202C\u200B<img src=x onerror=${run(n)}>\u2066x\u2069`],
  ['very long', (n) => `${'A'.repeat(50_000)}<img src=x onerror=${run(n)}>`],
];

export const XSS_PAYLOADS: readonly XssPayload[] = TEMPLATES.map(([what, make], index) => ({ number: index + 1, what, text: make(index + 1) }));

/**
 * The payloads that fit a field of `maxLength` characters (UCWA: subject ≤ 250, names ≤ 256), packed
 * into as few strings as possible, one payload after another.
 */
export function packedPayloads(maxLength: number): string[] {
  const packed: string[] = [];
  for (const { text } of XSS_PAYLOADS.filter((payload) => payload.text.length <= maxLength)) {
    const last = packed.at(-1);
    if (last !== undefined && last.length + text.length <= maxLength) packed[packed.length - 1] = last + text;
    else packed.push(text);
  }
  return packed;
}

/** Every page and frame of the context records payload runs in `__xssRuns` (see the top of this file). */
export async function recordXssRuns(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const runs: number[] = [];
    Object.defineProperty(window, '__xssRuns', { value: runs });
    Object.defineProperty(window, '__xss', { value: (n: number) => runs.push(n) });
    window.addEventListener('message', (event: MessageEvent<{ xss?: unknown }>) => {
      if (typeof event.data?.xss === 'number') runs.push(event.data.xss);
    });
  });
}

/** The numbers of the payloads that ran in the page. */
export function xssRuns(page: Page): Promise<number[]> {
  return page.evaluate(() => [...(window as unknown as { __xssRuns: number[] }).__xssRuns]);
}
