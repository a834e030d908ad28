// Both Windows installers make the admin policy's folder one only administrators may change, and take back
// what a user put there before the install: the app ignores a policy anyone else could have written.
import { readFileSync } from 'node:fs';
import type { Configuration } from 'electron-builder';
import { describe, expect, it } from 'vitest';
import { sddlProblem } from '../../main/policy/windowsTrust.js';
import { POLICY_FOLDER_SDDL, withPolicyFolder } from '../../build/msiProjectCreated.mjs';
import { DOMParser, loadYaml, msiProjectTemplate, type XmlElement } from './builderModules.js';

const root = new URL('../../', import.meta.url);
const config = loadYaml(readFileSync(new URL('electron-builder.yml', root), 'utf8')) as Configuration;

/** electron-builder's MSI project for this app, silent (as IT installs it) or with its dialogs. */
function msiProject(isAssisted: boolean): string {
  return msiProjectTemplate()({
    productName: 'Softphone',
    upgradeCode: config.msi?.upgradeCode,
    version: '0.1.0.0',
    manufacturer: 'Softphone',
    compressionLevel: 'high',
    iconPath: null,
    iconId: 'SoftphoneIcon.exe',
    isRunAfterFinish: true,
    isAssisted,
    isPerMachine: true,
    programFilesId: 'ProgramFiles64Folder',
    menuCategory: null,
    installationDirectoryWixName: 'Softphone',
    isCreateDesktopShortcut: true,
    isCreateStartMenuShortcut: true,
    dirs: [],
    files: [],
  });
}

function parse(xml: string) {
  const errors: string[] = [];
  const document = new DOMParser({ onError: (level, message) => errors.push(`${level}: ${message}`) }).parseFromString(xml, 'text/xml');
  expect(errors).toEqual([]);
  return document;
}

const byId = (document: XmlElement, tag: string, id: string) =>
  Array.from(document.getElementsByTagName(tag)).find((element) => element.getAttribute('Id') === id);

describe('the admin policy folder in the installers', () => {
  it('electron-builder runs the hook that adds it to the MSI', () => {
    expect(config.msiProjectCreated).toBe('./build/msiProjectCreated.mjs');
  });

  it.each([
    ['silent', false],
    ['with dialogs', true],
  ])('the MSI (%s) creates %%ProgramData%%\\Softphone with permissions the app trusts, and takes back files already there', (_, isAssisted) => {
    const document = parse(withPolicyFolder(msiProject(isAssisted)));
    const folder = byId(document, 'Directory', 'SoftphonePolicyFolder');
    expect(folder?.getAttribute('Name')).toBe('Softphone');
    expect(folder?.parentNode?.getAttribute('Id')).toBe('CommonAppDataFolder');
    expect(folder?.parentNode?.parentNode?.getAttribute('Id')).toBe('TARGETDIR');

    const component = byId(document, 'Component', 'SoftphonePolicyFolder');
    expect(component?.getAttribute('Directory')).toBe('SoftphonePolicyFolder');
    const permission = component?.getElementsByTagName('PermissionEx')[0];
    expect(permission?.getAttribute('Sddl')).toBe(POLICY_FOLDER_SDDL);
    expect(sddlProblem('C:\\ProgramData\\Softphone', POLICY_FOLDER_SDDL)).toBeUndefined();
    const feature = byId(document, 'Feature', 'ProductFeature');
    expect(Array.from(feature?.getElementsByTagName('ComponentRef') ?? []).map((ref) => ref.getAttribute('Id'))).toContain('SoftphonePolicyFolder');

    // As SYSTEM (deferred, not impersonated), once the folder exists: owner, then the entries users gave themselves.
    const owner = byId(document, 'CustomAction', 'PolicyFilesToAdministrators');
    const reset = byId(document, 'CustomAction', 'PolicyFilesInheritTheFolder');
    for (const action of [owner, reset]) expect([action?.getAttribute('Execute'), action?.getAttribute('Impersonate')]).toEqual(['deferred', 'no']);
    expect(owner?.getAttribute('ExeCommand')).toBe('"[SystemFolder]icacls.exe" "[SoftphonePolicyFolder]*" /setowner *S-1-5-32-544 /T /C /Q');
    expect(reset?.getAttribute('ExeCommand')).toBe('"[SystemFolder]icacls.exe" "[SoftphonePolicyFolder]*" /reset /T /C /Q');
    const sequence = document.getElementsByTagName('InstallExecuteSequence');
    expect(sequence).toHaveLength(1);
    const steps = Array.from(sequence[0]!.getElementsByTagName('Custom')).filter((step) => step.getAttribute('Action')?.startsWith('PolicyFiles'));
    expect(steps.map((step) => [step.getAttribute('Action'), step.getAttribute('After'), step.textContent])).toEqual([
      ['PolicyFilesToAdministrators', 'CreateFolders', 'NOT REMOVE'],
      ['PolicyFilesInheritTheFolder', 'PolicyFilesToAdministrators', 'NOT REMOVE'],
    ]);
  });

  it('the NSIS installer gives the folder and everything already in it to Administrators before setting its permissions', () => {
    const script = readFileSync(new URL('build/installer.nsh', root), 'utf8');
    const commands = [...script.matchAll(/nsExec::Exec '(.*)'/g)].map(([, command]) => command);
    expect(script).toContain('SetShellVarContext all');
    expect(commands).toEqual([
      'icacls "$APPDATA\\Softphone" /setowner *S-1-5-32-544 /T /C /Q',
      'icacls "$APPDATA\\Softphone" /reset /T /C /Q',
      'icacls "$APPDATA\\Softphone" /inheritance:r /grant:r *S-1-5-32-544:(OI)(CI)F *S-1-5-18:(OI)(CI)F *S-1-5-32-545:(OI)(CI)RX /C /Q',
    ]);
  });
});
