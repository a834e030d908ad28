import { vi } from 'vitest';
import type { TrayActions } from '../../main/electron/trayMenu.js';

/** The tray's actions as spies, for tests of its menu. */
export const spiedTrayActions = (): TrayActions => ({
  open: vi.fn(),
  setDoNotDisturb: vi.fn(),
  setAvailability: vi.fn(),
  setForwarding: vi.fn(),
  exportDiagnostics: vi.fn(),
  quit: vi.fn(),
});
