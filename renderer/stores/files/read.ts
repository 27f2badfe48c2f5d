// A certificate or key picked from disk, read the way the upload request takes it: PEM as text
// (its line breaks kept byte for byte), anything else (DER) base64-encoded. Pure but for File.text.

export interface PickedFile {
  /** The name it had on disk (the default name on the modem). */
  name: string;
  size: number;
  content: string;
  encoding: 'text' | 'base64';
  /** A private key: its content is a secret, never shown. */
  isKey: boolean;
  /** What it looks like, for a person ('PEM certificate', 'DER', 'PEM private key'). */
  kind: string;
}

function base64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** PEM is ASCII text with a BEGIN line; a byte outside printable ASCII means binary (DER). */
export function classify(name: string, bytes: Uint8Array): Omit<PickedFile, 'size'> {
  const ascii = bytes.every((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127));
  const text = ascii ? new TextDecoder().decode(bytes) : '';
  const pem = /-----BEGIN ([A-Z0-9 ]+)-----/.exec(text);
  const label = pem?.[1] ?? '';
  const isKey = /PRIVATE KEY/.test(label) || (!pem && /\.key$/i.test(name));
  const kind = pem ? `PEM ${/PRIVATE KEY/.test(label) ? 'private key' : /CERTIFICATE/.test(label) ? 'certificate' : label.toLowerCase()}` : ascii ? 'text' : isKey ? 'DER private key' : 'DER';
  return ascii ? { name, content: text, encoding: 'text', isKey, kind } : { name, content: base64(bytes), encoding: 'base64', isKey, kind };
}

export async function readPicked(file: Pick<File, 'name' | 'size' | 'arrayBuffer'>): Promise<PickedFile> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  return { ...classify(file.name, bytes), size: bytes.length };
}

/** A modem file name from a file name on disk: no path, no characters the modem's names refuse. */
export const modemNameFor = (diskName: string): string => (diskName.split(/[\\/]/).pop() ?? diskName).replace(/["*?\s]/g, '_').slice(0, 80);

/** Key files by their name, for the Files list (their content is never shown anyway). */
export const looksLikeKey = (name: string): boolean => /\.key$|key\.pem$|private/i.test(name);
