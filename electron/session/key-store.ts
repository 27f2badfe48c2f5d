// Where the key that seals journal secrets (session/seal.ts) lives: never in the journals folder,
// so a journal copied off the laptop carries no way to open its secrets. Two kinds:
//   - a key file: 32 random bytes in the user's config folder (WORKBENCH_KEY_DIR, else
//     $XDG_CONFIG_HOME/modem-mqtt-workbench or the platform's equivalent), file 0600 in a 0700
//     folder: for the CLI, browser mode and an Electron without a keyring;
//   - a protected key (Electron's safeStorage, wired in main.ts): the same 32 bytes, stored only
//     encrypted by the OS keyring, through the `protect`/`unprotect` pair given to it.
// Both answer with the key to seal with and the keys to open with; a key that cannot be read or
// made is a typed problem, and the journal is then written with secrets unsealed rather than lost.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sealKey, type SealKey } from './seal';

export interface KeyStore {
  /** What kind of store it is, for the About box and the logs. */
  readonly kind: 'file' | 'os-keyring' | 'memory';
  /** The key new secrets are sealed with (made on first use). */
  sealingKey(): SealKey;
  /** The keys a journal's secrets may be opened with. Never throws: no key is an empty list. */
  openingKeys(): SealKey[];
}

export class KeyStoreError extends Error {
  constructor(
    message: string,
    readonly where: string,
  ) {
    super(message);
    this.name = 'KeyStoreError';
  }
}

/** The config folder the key lives in: WORKBENCH_KEY_DIR, else the platform's user config folder. */
export function defaultKeyDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = os.homedir()): string {
  if (env.WORKBENCH_KEY_DIR) return env.WORKBENCH_KEY_DIR;
  const app = 'modem-mqtt-workbench';
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), app, 'keys');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', app, 'keys');
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), app);
}

const isInside = (child: string, parent: string): boolean => {
  const rel = path.relative(path.resolve(parent), path.resolve(child));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

export interface FileKeyStoreOptions {
  /** The folder holding the key (default defaultKeyDir()). */
  dir?: string;
  /** The journals folder: the key must not be inside it (a copied folder would carry its key). */
  journalDir?: string;
  /** The key file's name; default journal-seal.key. */
  fileName?: string;
  /**
   * How the key is kept on disk: as is (default), or protected (safeStorage). `unprotect`
   * returns undefined when the stored key cannot be opened (another user, a reset keyring).
   */
  protect?: (key: Buffer) => Buffer;
  unprotect?: (stored: Buffer) => Buffer | undefined;
}

/**
 * A key kept in a file of the user's config folder, made on first use (0600 in a 0700 folder).
 * With protect/unprotect it is the OS-keyring store: the file holds only the protected key.
 */
export function fileKeyStore(opts: FileKeyStoreOptions = {}): KeyStore {
  const dir = opts.dir ?? defaultKeyDir();
  const protectedKey = opts.protect !== undefined && opts.unprotect !== undefined;
  const file = path.join(dir, opts.fileName ?? (protectedKey ? 'journal-seal.key.protected' : 'journal-seal.key'));
  if (opts.journalDir && isInside(dir, opts.journalDir))
    throw new KeyStoreError(`The journal key folder ${dir} is inside the journals folder ${opts.journalDir}: a copied journals folder would carry the key. Set WORKBENCH_KEY_DIR elsewhere.`, dir);
  let cached: SealKey | undefined;

  const read = (): SealKey | undefined => {
    let stored: Buffer;
    try {
      stored = fs.readFileSync(file);
    } catch {
      return undefined;
    }
    const key = protectedKey ? opts.unprotect!(stored) : stored;
    return key && key.length === 32 ? sealKey(key) : undefined;
  };

  return {
    kind: protectedKey ? 'os-keyring' : 'file',
    sealingKey() {
      if (cached) return cached;
      const found = read();
      if (found) return (cached = found);
      try {
        fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
        fs.chmodSync(dir, 0o700);
      } catch (err) {
        throw new KeyStoreError(`The journal key folder ${dir} could not be made: ${(err as Error).message}`, dir);
      }
      const key = crypto.randomBytes(32);
      const bytes = protectedKey ? opts.protect!(key) : key;
      // A key file that no longer opens (another user's keyring, a reset keyring, damaged) is moved
      // aside, not overwritten: journals sealed with it may yet be opened by whoever can read it.
      try {
        if (fs.existsSync(file)) fs.renameSync(file, `${file}.unreadable-${Date.now()}`);
        fs.writeFileSync(file, bytes, { mode: 0o600, flag: 'wx' });
      } catch (err) {
        // Another start made it first: use theirs.
        const raced = read();
        if (raced) return (cached = raced);
        throw new KeyStoreError(`The journal key ${file} could not be written: ${(err as Error).message}`, file);
      }
      return (cached = sealKey(key));
    },
    openingKeys() {
      if (cached) return [cached];
      const found = read();
      if (found) cached = found;
      return found ? [found] : [];
    },
  };
}

/** A key held only in memory (tests, and sessions that must not leave a key behind). */
export function memoryKeyStore(key: Buffer = crypto.randomBytes(32)): KeyStore {
  const k = sealKey(key);
  return { kind: 'memory', sealingKey: () => k, openingKeys: () => [k] };
}

/** What the OS keyring offers (Electron's safeStorage, adapted in main.ts). */
export interface KeyProtector {
  encryptString(text: string): Buffer;
  decryptString(stored: Buffer): string;
}

/**
 * The key kept encrypted by the OS keyring (a file in the config folder that only this user's
 * keyring opens). It also opens journals sealed with the plain key file of the same folder (the
 * CLI's and browser mode's), so every session of this laptop can be revealed in the app.
 */
export function keyringKeyStore(protector: KeyProtector, opts: { dir?: string; journalDir?: string } = {}): KeyStore {
  const store = fileKeyStore({
    ...opts,
    protect: (key) => protector.encryptString(key.toString('base64')),
    unprotect: (stored) => {
      try {
        return Buffer.from(protector.decryptString(stored), 'base64');
      } catch {
        return undefined;
      }
    },
  });
  const plain = fileKeyStore(opts);
  return {
    kind: 'os-keyring',
    sealingKey: () => store.sealingKey(),
    openingKeys: () => [...store.openingKeys(), ...plain.openingKeys()],
  };
}
