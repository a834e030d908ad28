// electron-builder's msiProjectCreated hook (electron-builder.yml): adds the admin policy's folder to the MSI.
// electron-builder's MSI template has no place for it and links only the project it writes, so this edits
// that project before WiX compiles it. The folder %ProgramData%\Softphone is created with its own
// permissions (MsiLockPermissionsEx, Windows Installer 5): Administrators and SYSTEM change it, Users read it.
// Whatever a user put there before the install is taken back as the NSIS installer does (build/installer.nsh):
// icacls, run as SYSTEM after the folder is made, gives what is in it to Administrators and drops the
// entries a user gave themselves, so it inherits the folder's list. The app refuses a policy anyone else
// could change (main/policy/windowsTrust.ts).
import { readFile, writeFile } from 'node:fs/promises';

/** The folder's security descriptor: owned by Administrators; Administrators and SYSTEM full, Users read and execute; not inherited. */
export const POLICY_FOLDER_SDDL = 'O:BAG:SYD:PAI(A;OICI;FA;;;BA)(A;OICI;FA;;;SY)(A;OICI;0x1200a9;;;BU)';

const ICACLS = '&quot;[SystemFolder]icacls.exe&quot; &quot;[SoftphonePolicyFolder]*&quot;';

const DIRECTORY = `
      <Directory Id="CommonAppDataFolder">
        <Directory Id="SoftphonePolicyFolder" Name="Softphone"/>
      </Directory>`;

const COMPONENT = `
    <Component Id="SoftphonePolicyFolder" Directory="SoftphonePolicyFolder" Guid="AADED646-7408-448B-8BFA-CB42ECBB8403">
      <CreateFolder>
        <PermissionEx Sddl="${POLICY_FOLDER_SDDL}"/>
      </CreateFolder>
    </Component>
    <CustomAction Id="PolicyFilesToAdministrators" Directory="SoftphonePolicyFolder" Execute="deferred" Impersonate="no" Return="ignore" ExeCommand="${ICACLS} /setowner *S-1-5-32-544 /T /C /Q"/>
    <CustomAction Id="PolicyFilesInheritTheFolder" Directory="SoftphonePolicyFolder" Execute="deferred" Impersonate="no" Return="ignore" ExeCommand="${ICACLS} /reset /T /C /Q"/>
`;

const SEQUENCE = `
      <Custom Action="PolicyFilesToAdministrators" After="CreateFolders">NOT REMOVE</Custom>
      <Custom Action="PolicyFilesInheritTheFolder" After="PolicyFilesToAdministrators">NOT REMOVE</Custom>
`;

/** The project with the policy folder: fails if the template changed so that a part of it has no place. */
export function withPolicyFolder(project) {
  const insert = (text, anchor, addition, after = true) => {
    if (!text.includes(anchor)) throw new Error(`The MSI project has no ${anchor}: electron-builder's template changed`);
    return text.replace(anchor, after ? `${anchor}${addition}` : `${addition}${anchor}`);
  };
  let result = insert(project, '<Directory Id="TARGETDIR" Name="SourceDir">', DIRECTORY);
  result = insert(result, '<Feature Id="ProductFeature" Absent="disallow">', '\n      <ComponentRef Id="SoftphonePolicyFolder"/>');
  result = result.includes('</InstallExecuteSequence>')
    ? insert(result, '</InstallExecuteSequence>', SEQUENCE, false)
    : insert(result, '</Product>', `    <InstallExecuteSequence>${SEQUENCE}    </InstallExecuteSequence>\n  `, false);
  return insert(result, '</Product>', COMPONENT, false);
}

export async function msiProjectCreated(projectFile) {
  await writeFile(projectFile, withPolicyFolder(await readFile(projectFile, 'utf8')));
}
