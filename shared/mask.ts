// Masking of marked secrets for display. Pure. The mask has a fixed width, so it tells nothing
// about the secret's length.
import type { SecretRange } from './model';

export const SECRET_MASK = '••••••';

/** `text` with each secret range replaced by the mask. */
export function maskSecrets(text: string, ranges: readonly SecretRange[] | undefined): string {
  if (!ranges || ranges.length === 0) return text;
  let out = '';
  let last = 0;
  for (const [a, b] of [...ranges].sort((x, y) => x[0] - y[0])) {
    const from = Math.max(last, Math.min(a, text.length));
    const to = Math.min(b, text.length);
    if (to <= from) continue;
    out += text.slice(last, from) + SECRET_MASK;
    last = to;
  }
  return out + text.slice(last);
}
