import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encryptedFileStore, type KeychainCipher } from '../../main/credentials/encryptedFileStore.js';

const dir = mkdtempSync(join(tmpdir(), 'softphone-credentials-'));

/** AES-256-GCM with a key held in memory, standing in for the OS keychain's key (safeStorage in the app). */
function memoryKeychain(key = randomBytes(32)): KeychainCipher {
  return {
    available: true,
    encrypt(text) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decrypt(data) {
      const bytes = Buffer.from(data);
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
      decipher.setAuthTag(bytes.subarray(12, 28));
      return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

const signIn = { address: 'ada@contoso.com', username: 'CONTOSO\\ada', password: 'correct horse battery staple' };

describe('the remembered sign-in', () => {
  it('is written as ciphertext only and read back', () => {
    const file = join(dir, 'a.bin');
    const keychain = memoryKeychain();
    encryptedFileStore(file, keychain).save(signIn);
    const onDisk = readFileSync(file);
    expect(onDisk.includes(Buffer.from(signIn.password))).toBe(false);
    expect(onDisk.includes(Buffer.from('ada@contoso.com'))).toBe(false);
    expect(encryptedFileStore(file, keychain).load()).toEqual(signIn);
  });

  it('is forgotten when another keychain key, a damaged file or unexpected content meets it', () => {
    const file = join(dir, 'b.bin');
    const keychain = memoryKeychain();
    encryptedFileStore(file, keychain).save(signIn);
    expect(encryptedFileStore(file, memoryKeychain()).load()).toBeUndefined();
    writeFileSync(file, 'not ciphertext');
    expect(encryptedFileStore(file, keychain).load()).toBeUndefined();
    writeFileSync(file, keychain.encrypt(JSON.stringify({ address: 'ada@contoso.com', token: 'cwt=smuggled' })));
    expect(encryptedFileStore(file, keychain).load()).toBeUndefined();
  });

  it('is never written where no keychain protects it, and clearing removes the file', () => {
    const file = join(dir, 'c.bin');
    const noKeychain = { ...memoryKeychain(), available: false };
    const store = encryptedFileStore(file, noKeychain);
    expect(store.canRemember).toBe(false);
    store.save(signIn);
    expect(existsSync(file)).toBe(false);

    const kept = encryptedFileStore(file, memoryKeychain());
    kept.save(signIn);
    kept.clear();
    expect(existsSync(file)).toBe(false);
  });
});
