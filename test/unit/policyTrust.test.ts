// A policy file someone other than an administrator could have written is ignored (with the banner), since
// it could name a server that receives every user's password; and on Windows the policy's folder comes from
// the system, not from a %ProgramData% each user may set. The decisions are tested for both permission
// models; the path walk of macOS and Linux for real, on folders made here.
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { loadPolicy } from '../../main/policy/load.js';
import { policyLocations } from '../../main/policy/locations.js';
import { posixEntryProblem, posixPathProblem, rootTrust, type PosixEntry, type PosixTrust } from '../../main/policy/posixTrust.js';
import { defaultPolicy } from '../../main/policy/schema.js';
import { windowsProgramData, windowsSystemRoot } from '../../main/policy/windowsFolders.js';
import { sddlProblem, windowsPathProblem } from '../../main/policy/windowsTrust.js';

describe('the Windows policy folder', () => {
  const savedProgramData = process.env.ProgramData;
  afterEach(() => {
    if (savedProgramData === undefined) delete process.env.ProgramData;
    else process.env.ProgramData = savedProgramData;
  });

  it('is ProgramData on the drive Windows started from, whatever %ProgramData% says', () => {
    process.env.ProgramData = 'C:\\Users\\mallory\\empty';
    const onD = (path: string) => (path === '\\\\?\\GLOBALROOT\\SystemRoot' ? '\\\\?\\D:\\WINDOWS' : path);
    expect(windowsSystemRoot(onD)).toBe('D:\\WINDOWS');
    expect(windowsProgramData(onD)).toBe('D:\\ProgramData');
    expect(policyLocations('win32', () => windowsProgramData(onD))).toEqual(['D:\\ProgramData\\Softphone\\policy.json']);
  });

  it('is C:\\ProgramData when the system’s link cannot be read or is not a drive path', () => {
    const unreadable = () => {
      throw Object.assign(new Error('EPERM'), { code: 'EPERM' });
    };
    expect(windowsProgramData(unreadable)).toBe('C:\\ProgramData');
    expect(windowsProgramData(() => '\\Device\\HarddiskVolume3\\Windows')).toBe('C:\\ProgramData');
    expect(windowsSystemRoot(() => 'C:\\')).toBe('C:\\Windows');
  });
});

describe('who may change a policy file on Windows (its SDDL)', () => {
  const folder = 'C:\\ProgramData\\Softphone';
  const USER = 'S-1-5-21-1004336348-1177238915-682003330-1001';

  it('trusts what the installers set: Administrators and SYSTEM change, Users read', () => {
    expect(sddlProblem(folder, 'O:BAG:SYD:PAI(A;OICI;FA;;;BA)(A;OICI;FA;;;SY)(A;OICI;0x1200a9;;;BU)')).toBeUndefined();
    // TrustedInstaller, a denial, and an entry that only children inherit change nothing.
    const owned = 'O:S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464G:SYD:AI(A;OICIID;FA;;;SY)(D;;FW;;;WD)(A;OICIIOID;GA;;;CO)(A;;FR;;;AU)';
    expect(sddlProblem(folder, owned)).toBeUndefined();
  });

  it.each([
    [
      'a folder a user created under ProgramData',
      `O:${USER}G:${USER}D:AI(A;OICIID;FA;;;SY)(A;OICIID;FA;;;BA)(A;OICIIOID;GA;;;CO)(A;OICIID;0x1200a9;;;BU)`,
      `${folder} belongs to ${USER}, not to an administrator`,
    ],
    [
      'ProgramData’s inherited right of Users to add files',
      'O:BAG:SYD:AI(A;OICIID;FA;;;SY)(A;OICIID;FA;;;BA)(A;OICIID;0x1200a9;;;BU)(A;CIID;DCLCRPCR;;;BU)',
      `Users may change ${folder}`,
    ],
    ['Everyone allowed to modify (a hex mask)', 'O:SYD:(A;;0x1301bf;;;WD)', `Everyone may change ${folder}`],
    ['a user allowed to delete it', `O:BAD:(A;;SD;;;${USER})`, `${USER} may change ${folder}`],
    ['a right this check does not know', 'O:BAD:(A;;ZZ;;;AU)', `Authenticated Users may change ${folder}`],
    ['no DACL at all', 'O:BAG:SYD:NO_ACCESS_CONTROL', `every user may change ${folder}`],
    ['an ACE it cannot read', 'O:BAD:(A;;FR;;;BU)(XA;;FA;;;WD;(Member_of {SID(BA)}))', `the permissions of ${folder} could not be read`],
    ['no owner', 'D:(A;;FA;;;BA)', `the permissions of ${folder} could not be read`],
  ])('refuses %s', (_, sddl, problem) => {
    expect(sddlProblem(folder, sddl)).toBe(problem);
  });

  it('checks the policy’s folder, then the file, and refuses what it cannot read', () => {
    const file = `${folder}\\policy.json`;
    const asked: string[][] = [];
    const trusted = 'O:BAG:SYD:PAI(A;OICI;FA;;;BA)(A;OICI;FA;;;SY)(A;OICI;0x1200a9;;;BU)';
    const planted = `O:${USER}D:(A;;FA;;;${USER})(A;;FA;;;SY)`;
    expect(windowsPathProblem(file, (paths) => (asked.push([...paths]), [trusted, trusted]))).toBeUndefined();
    expect(asked).toEqual([[folder, file]]);
    expect(windowsPathProblem(file, () => [trusted, planted])).toBe(`${file} belongs to ${USER}, not to an administrator`);
    expect(
      windowsPathProblem(file, () => {
        throw new Error('powershell.exe was blocked');
      }),
    ).toBe(`the permissions of ${file} could not be read`);
  });
});

describe('who may change a policy file on macOS and Linux', () => {
  const entry = (mode: number, uid = 0, gid = 0, directory = false): PosixEntry => ({ mode, uid, gid, isDirectory: () => directory });
  const linux = rootTrust('linux');

  it('decides from the owner and the mode bits', () => {
    expect(posixEntryProblem('/etc/softphone/policy.json', entry(0o100644), linux)).toBeUndefined();
    expect(posixEntryProblem('/etc/softphone', entry(0o40775, 0, 0, true), linux)).toBeUndefined();
    expect(posixEntryProblem('/etc/softphone/policy.json', entry(0o100644, 1000, 1000), linux)).toBe(
      '/etc/softphone/policy.json belongs to user 1000, not to root',
    );
    expect(posixEntryProblem('/etc/softphone/policy.json', entry(0o100666), linux)).toBe('every user may change /etc/softphone/policy.json');
    expect(posixEntryProblem('/etc/softphone', entry(0o40777, 0, 0, true), linux)).toBe('every user may change /etc/softphone');
    expect(posixEntryProblem('/etc/softphone', entry(0o40775, 0, 100, true), linux)).toBe('group 100 may change /etc/softphone');
    // macOS: the admin group's members are administrators.
    expect(posixEntryProblem('/Library/Application Support', entry(0o40775, 0, 80, true), rootTrust('darwin'))).toBeUndefined();
    expect(posixEntryProblem('/Library/Application Support', entry(0o40775, 0, 80, true), linux)).toBe('group 80 may change /Library/Application Support');
    // /tmp: everyone adds, no one replaces another's entry (the sticky bit); a sticky file gains nothing.
    expect(posixEntryProblem('/tmp', entry(0o41777, 0, 0, true), linux)).toBeUndefined();
    expect(posixEntryProblem('/tmp/policy.json', entry(0o101666), linux)).toBe('every user may change /tmp/policy.json');
  });

  describe('on real folders', () => {
    const root = mkdtempSync(join(tmpdir(), 'softphone-trust-'));
    afterAll(() => rmSync(root, { recursive: true, force: true }));
    const uid = process.getuid?.() ?? 0;
    // These folders are this user's: the walk trusts them as root's in these tests.
    const asRoot: PosixTrust = { owners: new Set([0, uid]), groups: new Set([0]) };
    let made = 0;

    /** <root>/machine-N/<above>/softphone/policy.json, each created with the given mode. */
    function policyAt(modes: { above?: number; folder?: number; file?: number } = {}): string {
      const above = join(root, `machine-${++made}`, 'etc');
      const folder = join(above, 'softphone');
      mkdirSync(folder, { recursive: true });
      const file = join(folder, 'policy.json');
      writeFileSync(file, '{ "server": { "rootUrl": "https://lyncdiscover.attacker.example/" } }');
      chmodSync(join(root, `machine-${made}`), 0o755);
      chmodSync(above, modes.above ?? 0o755);
      chmodSync(folder, modes.folder ?? 0o755);
      chmodSync(file, modes.file ?? 0o644);
      return file;
    }

    it('trusts a file only its owner may change, in folders only their owners may change', () => {
      expect(posixPathProblem(policyAt(), asRoot)).toBeUndefined();
    });

    it('refuses a file every user may change, its folder, a folder above it, or a link through one', () => {
      const file = policyAt({ file: 0o666 });
      expect(posixPathProblem(file, asRoot)).toBe(`every user may change ${file}`);
      const inOpenFolder = policyAt({ folder: 0o777 });
      expect(posixPathProblem(inOpenFolder, asRoot)).toBe(`every user may change ${join(inOpenFolder, '..')}`);
      const belowOpenFolder = policyAt({ above: 0o777 });
      expect(posixPathProblem(belowOpenFolder, asRoot)).toBe(`every user may change ${join(belowOpenFolder, '..', '..')}`);
      const link = join(root, `machine-${++made}`);
      symlinkSync(join(belowOpenFolder, '..', '..', '..'), link);
      expect(posixPathProblem(join(link, 'etc', 'softphone', 'policy.json'), asRoot)).toBe(`every user may change ${join(belowOpenFolder, '..', '..')}`);
    });

    it('refuses a file that is not root’s', () => {
      const file = policyAt();
      // As root, the file is given away; as anyone else, the folders made here already are not root's.
      if (uid === 0) chownSync(file, 65534, 65534);
      const expected = uid === 0 ? `${file} belongs to user 65534, not to root` : `${root} belongs to user ${uid}, not to root`;
      expect(posixPathProblem(file, rootTrust('linux'))).toBe(expected);
    });

    it('a refused file is ignored as a whole, with the banner’s sentence, and the app keeps its defaults', () => {
      const file = policyAt({ file: 0o666 });
      expect(loadPolicy([file], undefined, (path) => posixPathProblem(path, asRoot))).toEqual({
        policy: defaultPolicy(),
        problem: `The admin policy ${file} was ignored: users other than administrators could have written it (every user may change ${file}).`,
      });
      const vanished = join(root, 'gone', 'policy.json');
      expect(
        loadPolicy(
          [file],
          () => new Uint8Array(),
          () => posixPathProblem(vanished, asRoot),
        ).problem,
      ).toBe(`The admin policy ${file} was ignored: users other than administrators could have written it (its permissions could not be read: ENOENT).`);
    });
  });
});
