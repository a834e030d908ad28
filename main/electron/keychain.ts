import { safeStorage } from 'electron';
import type { KeychainCipher } from '../credentials/encryptedFileStore.js';

/**
 * Electron's safeStorage: the key lives in the OS keychain (DPAPI, macOS Keychain, libsecret or KWallet).
 * Linux's `basic_text` fallback uses a built-in key that protects nothing, so there nothing is
 * remembered. Call once the app is ready.
 */
export function osKeychain(): KeychainCipher {
  const available = safeStorage.isEncryptionAvailable() && (process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text');
  return {
    available,
    encrypt: (text) => safeStorage.encryptString(text),
    decrypt: (data) => safeStorage.decryptString(Buffer.from(data)),
  };
}
