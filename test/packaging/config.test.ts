import { readFileSync } from 'node:fs';
import type { Configuration } from 'electron-builder';
import { describe, expect, it } from 'vitest';
import { REGISTERED_SCHEMES } from '../../main/links/linkAction.js';
import { Ajv, builderSchema, loadYaml } from './builderModules.js';

const root = new URL('../../', import.meta.url);
const config = loadYaml(readFileSync(new URL('electron-builder.yml', root), 'utf8')) as Configuration;

describe('electron-builder.yml', () => {
  it('matches app-builder-lib’s JSON schema', () => {
    // strict: false as in electron-builder: the schema uses ajv-keywords' `typeof`. No type coercion here, unlike electron-builder.
    const validate = new Ajv({ allErrors: true, strict: false }).compile(builderSchema());
    expect(validate(config), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('installs per machine on Windows, with a fixed MSI upgrade code', () => {
    expect(config.win?.target).toEqual(['nsis', 'msi']);
    expect(config.nsis).toMatchObject({ perMachine: true, oneClick: false });
    expect(config.msi?.perMachine).toBe(true);
    // Changing it would make the next MSI install beside the old version instead of upgrading it.
    expect(config.msi?.upgradeCode).toBe('FEC7C682-7564-4F34-A9C7-74DD2EA4908A');
    expect(config.msi?.upgradeCode).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
  });

  it('asks for the microphone and camera on macOS, with usage strings and entitlements', () => {
    expect(config.mac?.target).toEqual(['dmg', 'pkg']);
    expect(config.mac?.extendInfo).toMatchObject({
      NSMicrophoneUsageDescription: expect.stringMatching(/microphone/),
      NSCameraUsageDescription: expect.stringMatching(/camera/),
    });
    for (const file of [config.mac?.entitlements, config.mac?.entitlementsInherit]) {
      const plist = readFileSync(new URL(file!, root), 'utf8');
      expect(plist).toMatch(/<key>com\.apple\.security\.device\.audio-input<\/key>\s*<true\/>/);
      expect(plist).toMatch(/<key>com\.apple\.security\.device\.camera<\/key>\s*<true\/>/);
    }
  });

  it('builds deb, rpm and AppImage on Linux', () => {
    expect(config.linux?.target).toEqual(['deb', 'rpm', 'AppImage']);
  });

  it('declares the link schemes the app registers for at run time: sip:, tel: and conf:', () => {
    const protocols = [config.protocols ?? []].flat();
    expect(protocols.flatMap((protocol) => protocol.schemes)).toEqual([...REGISTERED_SCHEMES]);
    expect(REGISTERED_SCHEMES).toContain('tel');
  });

  it('publishes nothing: updates are the admin policy’s business', () => {
    expect(config).toHaveProperty('publish', null);
  });

  it('sets every fuse explicitly', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      grantFileProtocolExtraPrivileges: false,
      loadBrowserProcessSpecificV8Snapshot: false,
    });
  });
});
