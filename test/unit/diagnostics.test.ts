import { describe, expect, it } from 'vitest';
import { DIAGNOSTIC_SETTINGS, diagnosticsBundle, diagnosticsFileName, lastLogLines } from '../../main/diagnostics/bundle.js';
import { DEFAULT_SETTINGS, type Settings } from '../../preload/shared/contract.js';

const TOKEN = 'cwt=AAEBHAEFAAAAAAAFFQAAAPi0oTlY7KfG_9mP8xAAAADaQ3K2fOqgs5U0W8l';
const versions = { app: '0.1.0', electron: '45.4.1', chrome: '142.0.7444.59', node: '22.20.0', os: 'Windows_NT 10.0.22631 (x64)' };
const createdAt = new Date('2026-11-23T16:45:49.123Z');

describe('diagnostics bundle', () => {
  it('holds the versions, the settings, the policy and the newest log lines, as plain text', () => {
    const settings: Settings = { ...DEFAULT_SETTINGS, doNotDisturb: 'silence', ringer: { id: 'abc', label: 'Jabra Evolve 75' } };
    const text = diagnosticsBundle({
      createdAt,
      versions,
      settings,
      policy: { server: { sipDomain: 'contoso.com' }, settings: { doNotDisturb: 'silence' } },
      logFiles: [
        { path: '/logs/main.log', lines: ['[2026-11-23 16:45:00.000] [info] new 1', '[2026-11-23 16:45:01.000] [info] new 2', ''] },
        { path: '/logs/main.old.log', lines: ['[2026-11-23 16:00:00.000] [info] old 1'] },
      ],
    });
    expect(text).toBe(
      [
        'Softphone diagnostics',
        'Created: 2026-11-23T16:45:49.123Z',
        '',
        '== Versions',
        'Softphone: 0.1.0',
        'Electron: 45.4.1',
        'Chrome: 142.0.7444.59',
        'Node: 22.20.0',
        'OS: Windows_NT 10.0.22631 (x64)',
        '',
        '== Settings',
        JSON.stringify(
          {
            doNotDisturb: 'silence',
            answerShortcut: 'CommandOrControl+Shift+A',
            startAtLogin: 'off',
            ringAlsoOnDefault: false,
            joinMicrophoneOff: false,
            joinCameraOff: false,
            joinByPhone: false,
            ringer: { id: 'abc', label: 'Jabra Evolve 75' },
          },
          null,
          2,
        ),
        '',
        '== Admin policy',
        JSON.stringify({ server: { sipDomain: 'contoso.com' }, settings: { doNotDisturb: 'silence' } }, null, 2),
        '',
        '== Log (last 3 of at most 2000 lines)',
        '[2026-11-23 16:00:00.000] [info] old 1',
        '[2026-11-23 16:45:00.000] [info] new 1',
        '[2026-11-23 16:45:01.000] [info] new 2',
        '',
      ].join('\n'),
    );
  });

  it('lets only allow-listed settings through, and redacts secrets everywhere again', () => {
    const settings = { ...DEFAULT_SETTINGS, password: 'hunter2', serverToken: TOKEN } as Settings;
    const text = diagnosticsBundle({
      createdAt,
      versions,
      settings,
      policy: { credentials: { password: 'hunter2' }, note: `uses ${TOKEN}` },
      logFiles: [{ path: '/logs/main.log', lines: [`[info] sent Authorization: Bearer ${TOKEN}`, '[info] form password=hunter2&user=ada'] }],
    });
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain('serverToken');
    expect(text).toContain('Authorization: Bearer [redacted]');
    expect(text).toContain('"password": "[redacted]"');
    expect(text).toContain('== Admin policy');
    expect(diagnosticsBundle({ createdAt, versions, settings: DEFAULT_SETTINGS, policy: undefined, logFiles: [] })).toContain('== Admin policy\nNone.\n');
  });

  it('allow-lists every setting that exists today, and only those', () => {
    expect([...DIAGNOSTIC_SETTINGS].sort()).toEqual([
      'answerShortcut',
      'camera',
      'doNotDisturb',
      'joinByPhone',
      'joinCameraOff',
      'joinMicrophoneOff',
      'microphone',
      'ringAlsoOnDefault',
      'ringer',
      'speaker',
      'startAtLogin',
    ]);
  });

  it('keeps the last N lines, the rotated file first', () => {
    const files = [
      { path: 'C:\\logs\\main.log', lines: ['c', 'd', 'e'] },
      { path: 'C:\\logs\\main.old.log', lines: ['a', 'b'] },
    ];
    expect(lastLogLines(files, 4)).toEqual(['b', 'c', 'd', 'e']);
    expect(lastLogLines(files, 100)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(lastLogLines(files, 0)).toEqual([]);
    expect(diagnosticsBundle({ createdAt, versions, settings: DEFAULT_SETTINGS, policy: undefined, logFiles: files, logLines: 2 })).toContain(
      '== Log (last 2 of at most 2 lines)\nd\ne\n',
    );
  });

  it('names the file by time, without characters Windows refuses', () => {
    expect(diagnosticsFileName(createdAt)).toBe('softphone-diagnostics-2026-11-23T16-45-49-123Z.txt');
    expect(diagnosticsFileName(createdAt)).not.toMatch(/[<>:"/\\|?*]/);
  });
});
