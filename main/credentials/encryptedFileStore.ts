import { readFileSync, rmSync } from 'node:fs';
import * as z from '../../preload/shared/zod/zod.js';
import { writeFileAtomically } from '../storage/jsonFile.js';
import type { CredentialStore, RememberedSignIn } from './store.js';

/** Encrypts with a key the OS keychain holds: Electron's safeStorage in the app. */
export type KeychainCipher = {
  /** False where no keychain protects the key: then nothing is remembered. */
  readonly available: boolean;
  encrypt(text: string): Uint8Array;
  decrypt(data: Uint8Array): string;
};

const rememberedSchema = z.strictObject({
  address: z.string().min(1).max(300),
  username: z.string().max(256).optional(),
  password: z.string().max(256).optional(),
});

/**
 * A remembered sign-in in one file holding only ciphertext. A file that cannot be decrypted or read (a
 * new keychain, a damaged file) is forgotten: the person signs in again.
 */
export function encryptedFileStore(file: string, cipher: KeychainCipher): CredentialStore {
  return {
    canRemember: cipher.available,
    load(): RememberedSignIn | undefined {
      if (!cipher.available) return undefined;
      try {
        const parsed = rememberedSchema.safeParse(JSON.parse(cipher.decrypt(readFileSync(file))));
        return parsed.success ? parsed.data : undefined;
      } catch {
        return undefined;
      }
    },
    save(signIn) {
      if (cipher.available) writeFileAtomically(file, cipher.encrypt(JSON.stringify(rememberedSchema.parse(signIn))));
    },
    clear() {
      rmSync(file, { force: true });
    },
  };
}
