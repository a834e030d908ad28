// The Electron security checklist, checked in Node: the web preferences' values, that every window in
// the source gets them (read with the TypeScript compiler), that nothing weakens them, the navigation,
// external-link and permission decisions, the CSP, and that main-process HTTPS stays on Chromium's stack.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { APP_ORIGIN, isAppPageUrl } from '../../main/electron/appOrigin.js';
import { CONTENT_SECURITY_POLICY, META_CONTENT_SECURITY_POLICY, withContentSecurityPolicyMeta } from '../../main/pages/contentSecurityPolicy.js';
import { isSafeExternalUrl } from '../../main/electron/externalUrls.js';
import { grantsPermissionCheck, grantsPermissionRequest } from '../../main/electron/permissionPolicy.js';
import { secureWebPreferences, type WindowTuning } from '../../main/electron/webPreferences.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));

function sourceFiles(folder: string): ts.SourceFile[] {
  return readdirSync(join(repo, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => join(repo, folder, file))
    .map((path) => ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true));
}

function nodesOf(file: ts.SourceFile): ts.Node[] {
  const nodes: ts.Node[] = [];
  const visit = (node: ts.Node) => {
    nodes.push(node);
    node.forEachChild(visit);
  };
  visit(file);
  return nodes;
}

function where(node: ts.Node): string {
  const file = node.getSourceFile();
  return `${relative(repo, file.fileName)}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
}

const electronFiles = sourceFiles('main/electron');
const mainFiles = sourceFiles('main');

const SECURE = {
  devTools: false,
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  navigateOnDragDrop: false,
  disableBlinkFeatures: 'Auxclick',
  spellcheck: false,
};

describe('web preferences', () => {
  it('are the secure ones, item by item', () => {
    expect(secureWebPreferences('/app/preload.cjs')).toEqual({ preload: '/app/preload.cjs', ...SECURE });
    expect(secureWebPreferences('/app/preload.cjs', { backgroundThrottling: false })).toEqual({
      preload: '/app/preload.cjs',
      backgroundThrottling: false,
      ...SECURE,
    });
  });

  it('open developer tools only where the caller says so (development builds)', () => {
    expect(secureWebPreferences('/p', {}, true).devTools).toBe(true);
    expect(secureWebPreferences('/p', { backgroundThrottling: false }).devTools).toBe(false);
  });

  it('cannot be weakened through the tuning a window may pass', () => {
    const weakening = { sandbox: false, contextIsolation: false, nodeIntegration: true, webSecurity: false } as WindowTuning;
    expect(secureWebPreferences('/p', weakening)).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true });
  });

  it('are what every window in main/ is made with, after anything spread before them', () => {
    const constructions = mainFiles
      .flatMap(nodesOf)
      .filter(
        (node): node is ts.NewExpression =>
          ts.isNewExpression(node) && ts.isIdentifier(node.expression) && ['BrowserWindow', 'BrowserView', 'WebContentsView'].includes(node.expression.text),
      );
    expect(constructions.length).toBeGreaterThan(0);
    for (const construction of constructions) {
      const options = construction.arguments?.[0];
      expect(options && ts.isObjectLiteralExpression(options), `${where(construction)}: options must be an object literal`).toBe(true);
      const properties = (options as ts.ObjectLiteralExpression).properties;
      const index = properties.findIndex(
        (property) => property.name !== undefined && ts.isIdentifier(property.name) && property.name.text === 'webPreferences',
      );
      const preferences = properties[index];
      expect(preferences && ts.isPropertyAssignment(preferences), `${where(construction)}: webPreferences must be set`).toBe(true);
      const value = (preferences as ts.PropertyAssignment).initializer;
      expect(
        ts.isCallExpression(value) && ts.isIdentifier(value.expression) && value.expression.text === 'secureWebPreferences',
        `${where(construction)}: webPreferences must be secureWebPreferences(…)`,
      ).toBe(true);
      expect(properties.slice(index + 1).some(ts.isSpreadAssignment), `${where(construction)}: nothing may be spread over webPreferences`).toBe(false);
    }
  });

  it('are weakened nowhere in main/: no insecure value is set, by literal, assignment or computed value', () => {
    const secureValue: Record<string, boolean | undefined> = {
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      contextIsolation: true,
      sandbox: true,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      enableBlinkFeatures: undefined, // never set at all
    };
    const settings = mainFiles.flatMap(nodesOf).flatMap((node): { name: string; value: ts.Node | undefined; at: ts.Node }[] => {
      if ((ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name))) {
        return [{ name: node.name.text, value: ts.isPropertyAssignment(node) ? node.initializer : undefined, at: node }];
      }
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
        const target = node.left;
        if (ts.isPropertyAccessExpression(target)) return [{ name: target.name.text, value: node.right, at: node }];
        if (ts.isElementAccessExpression(target) && ts.isStringLiteral(target.argumentExpression))
          return [{ name: target.argumentExpression.text, value: node.right, at: node }];
      }
      return [];
    });
    const insecure = settings
      .filter(({ name }) => name in secureValue)
      .filter(({ name, value }) => {
        const wanted = secureValue[name];
        if (wanted === undefined || value === undefined) return true;
        return value.kind !== (wanted ? ts.SyntaxKind.TrueKeyword : ts.SyntaxKind.FalseKeyword);
      })
      .map(({ name, at }) => `${where(at)} sets ${name}`);
    expect(insecure).toEqual([]);
    // The check looks at what it should: the secure values themselves are found.
    expect(settings.filter(({ name }) => name === 'sandbox').length).toBeGreaterThan(0);
  });

  it('come with the sandbox enabled for every renderer, app-wide', () => {
    const main = electronFiles.find((file) => file.fileName.endsWith('/main.ts'));
    const calls = main ? nodesOf(main).filter((node) => ts.isCallExpression(node) && node.expression.getText() === 'app.enableSandbox') : [];
    expect(calls).toHaveLength(1);
  });
});

describe('HTTPS in the main process', () => {
  it('goes through Chromium (net.fetch): nothing in main/ imports Node’s https or tls', () => {
    const forbidden = new Set(['https', 'node:https', 'tls', 'node:tls', 'http2', 'node:http2']);
    const imports = mainFiles.flatMap(nodesOf).flatMap((node): { module: string; at: ts.Node }[] => {
      if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier))
        return [{ module: node.moduleSpecifier.text, at: node }];
      if (
        ts.isCallExpression(node) &&
        (node.expression.kind === ts.SyntaxKind.ImportKeyword || node.expression.getText() === 'require') &&
        node.arguments[0] &&
        ts.isStringLiteral(node.arguments[0])
      ) {
        return [{ module: node.arguments[0].text, at: node }];
      }
      return [];
    });
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter(({ module }) => forbidden.has(module)).map(({ module, at }) => `${where(at)} imports ${module}`)).toEqual([]);
  });

  it('is the core’s fetch in the app: net.fetch', () => {
    const main = electronFiles.find((file) => file.fileName.endsWith('/main.ts'));
    const fetches = main ? nodesOf(main).filter((node): node is ts.PropertyAssignment => ts.isPropertyAssignment(node) && node.name.getText() === 'fetch') : [];
    expect(fetches.map((node) => node.initializer.getText())).toEqual(['(input, init) => net.fetch(input.toString(), init)']);
  });
});

describe('navigation and links', () => {
  it('stay on the app’s own pages', () => {
    expect(isAppPageUrl(`${APP_ORIGIN}/index.html`)).toBe(true);
    expect(isAppPageUrl(`${APP_ORIGIN}/index.html#ring`)).toBe(true);
    for (const url of [
      'app://softphone.evil.com/',
      'app://evil/index.html',
      'app://softphone@evil/',
      'app://x:y@softphone/',
      'https://softphone/',
      'file:///index.html',
      'javascript:alert(1)',
      'about:blank',
      '',
      'not a url',
    ]) {
      expect(isAppPageUrl(url), url).toBe(false);
    }
  });

  it('open in the browser only when plain https', () => {
    for (const url of ['https://contoso.com/help', 'https://meet.contoso.com/grace/7T4LQJ2B?sl=1#x', 'HTTPS://contoso.com'])
      expect(isSafeExternalUrl(url), url).toBe(true);
    for (const url of [
      'javascript:alert(1)',
      'file:///C:/Windows/System32/calc.exe',
      'file://server/share/evil.exe',
      'smb://evil.com/share',
      'ms-msdt:/id PCWDiagnostic /skip force',
      'search-ms:query=x&crumb=location:\\\\evil.com\\share',
      'data:text/html,<script>alert(1)</script>',
      'http://contoso.com',
      'mailto:ada@contoso.com',
      'https://ada:secret@contoso.com/',
      'https://ada@contoso.com/',
      'https:contoso.com',
      'https:/contoso.com',
      'https://',
      'https://contoso.com/a b',
      'https://contoso.com/\n',
      'https://evil.com\\@contoso.com',
      'https://cоntoso.com/', // Cyrillic о
      `https://contoso.com/${'a'.repeat(3000)}`,
      ' https://contoso.com',
    ]) {
      expect(isSafeExternalUrl(url), url).toBe(false);
    }
  });
});

describe('permissions', () => {
  const page = { requestingUrl: `${APP_ORIGIN}/index.html`, isMainFrame: true };

  it('grant the microphone and camera to the app’s top-level pages only', () => {
    expect(grantsPermissionRequest('media', { ...page, mediaTypes: ['audio', 'video'] })).toBe(true);
    expect(grantsPermissionRequest('media', { ...page, requestingUrl: `${APP_ORIGIN}/index.html#ring`, mediaTypes: ['audio'] })).toBe(true);
    expect(grantsPermissionRequest('media', { ...page, isMainFrame: false, mediaTypes: ['audio'] })).toBe(false);
    expect(grantsPermissionRequest('media', { requestingUrl: 'https://evil.com/', isMainFrame: true, mediaTypes: ['audio'] })).toBe(false);
    expect(grantsPermissionRequest('media', { requestingUrl: 'app://softphone.evil/', isMainFrame: true })).toBe(false);
    // Copying a meeting's join link writes the clipboard; nothing may read it.
    expect(grantsPermissionRequest('clipboard-sanitized-write', page)).toBe(true);
    expect(grantsPermissionRequest('clipboard-sanitized-write', { ...page, isMainFrame: false })).toBe(false);
    expect(grantsPermissionRequest('clipboard-sanitized-write', { requestingUrl: 'https://evil.com/', isMainFrame: true })).toBe(false);
    for (const permission of [
      'display-capture',
      'notifications',
      'geolocation',
      'openExternal',
      'hid',
      'serial',
      'usb',
      'clipboard-read',
      'fullscreen',
      'midiSysex',
    ]) {
      expect(grantsPermissionRequest(permission, page), permission).toBe(false);
    }
  });

  it('answer permission checks for media from the app’s origin only', () => {
    expect(grantsPermissionCheck('media', APP_ORIGIN)).toBe(true);
    expect(grantsPermissionCheck('media', 'https://evil.com')).toBe(false);
    expect(grantsPermissionCheck('media', 'null')).toBe(false);
    expect(grantsPermissionCheck('hid', APP_ORIGIN)).toBe(false);
    expect(grantsPermissionCheck('clipboard-sanitized-write', APP_ORIGIN)).toBe(true);
    expect(grantsPermissionCheck('clipboard-sanitized-write', 'https://evil.com')).toBe(false);
    expect(grantsPermissionCheck('clipboard-read', APP_ORIGIN)).toBe(false);
  });
});

describe('content security policy', () => {
  it('allows the app’s own scripts and styles only: no inline code, no eval, no remote content', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-|https?:|\*/);
    expect(META_CONTENT_SECURITY_POLICY).toBe(CONTENT_SECURITY_POLICY.replace("; frame-ancestors 'none'", ''));
  });

  it('is also a <meta> tag in the renderer’s page, in place of any other', () => {
    const html = withContentSecurityPolicyMeta(readFileSync(join(repo, 'renderer/index.html'), 'utf8'));
    const policies = [...html.matchAll(/<meta\s[^>]*http-equiv="Content-Security-Policy"\s+content="([^"]*)"/gi)].map((match) => match[1]);
    expect(policies).toEqual([META_CONTENT_SECURITY_POLICY]);
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<script'));
    expect(withContentSecurityPolicyMeta('<html><head lang="x"><title>t</title></head></html>')).toBe(
      `<html><head lang="x">\n    <meta http-equiv="Content-Security-Policy" content="${META_CONTENT_SECURITY_POLICY}" /><title>t</title></head></html>`,
    );
    expect(() => withContentSecurityPolicyMeta('<html><body></body></html>')).toThrow();
  });

  const built = join(repo, 'dist/renderer/index.html');
  it.skipIf(!existsSync(built))('is in the built page (dist/renderer/index.html) as the app sends it', () => {
    const html = readFileSync(built, 'utf8');
    const policies = [...html.matchAll(/<meta\s[^>]*http-equiv="Content-Security-Policy"\s+content="([^"]*)"/gi)].map((match) => match[1]);
    expect(policies).toEqual([META_CONTENT_SECURITY_POLICY]);
  });
});
