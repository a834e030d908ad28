import { app, dialog, shell } from 'electron';
import { writeFile } from 'node:fs/promises';
import { type as osType } from 'node:os';
import { join } from 'node:path';
import type { AppSnapshot } from '../../preload/shared/contract.js';
import { diagnosticsBundle, diagnosticsFileName, type Versions } from '../diagnostics/bundle.js';
import type { LogFileLines } from '../logging/appLog.js';
import type { Logger } from '../logging/logger.js';

export type DiagnosticsSources = {
  /** The settings in force and the admin policy's summary (features, locked settings, why a file was ignored). */
  snapshot(): Pick<AppSnapshot, 'settings' | 'policy'>;
  readLogFiles(): LogFileLines[];
};

/** Asks for a folder and writes the diagnostics bundle there (never over an existing file), then shows it. */
export async function exportDiagnostics(sources: DiagnosticsSources, logger: Logger): Promise<void> {
  const { canceled, filePaths } = await dialog.showOpenDialog({
    title: 'Export diagnostics',
    buttonLabel: 'Save here',
    properties: ['openDirectory', 'createDirectory'],
  });
  const folder = filePaths[0];
  if (canceled || folder === undefined) return;
  const createdAt = new Date();
  const file = join(folder, diagnosticsFileName(createdAt));
  const { settings, policy } = sources.snapshot();
  const text = diagnosticsBundle({ createdAt, versions: versions(), settings, policy, logFiles: sources.readLogFiles() });
  try {
    await writeFile(file, text, { flag: 'wx' });
  } catch (error) {
    logger.error('The diagnostics could not be written', error);
    dialog.showErrorBox('Export diagnostics', `The diagnostics could not be saved in ${folder}.`);
    return;
  }
  logger.info('Diagnostics exported');
  shell.showItemInFolder(file);
}

function versions(): Versions {
  return {
    app: app.getVersion(),
    electron: process.versions.electron,
    chrome: process.versions.chrome,
    node: process.versions.node,
    os: `${osType()} ${process.getSystemVersion()} (${process.arch})`,
  };
}
