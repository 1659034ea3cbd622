import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiKeyRecord, ApiKeyRole, ApiKeyStore } from '@opsguard/store';

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const KEY_PATTERN = /^og_([a-z0-9]{12})_([A-Za-z0-9_-]{32})$/;

export const sha256Hex = (text: string | Uint8Array): string => createHash('sha256').update(text).digest('hex');

function randomId(): string {
  // 12 of 36 characters ≈ 62 bits: an id, not a secret, so bias from `% 36` does not matter.
  return [...randomBytes(12)].map((b) => ID_ALPHABET[b % ID_ALPHABET.length]).join('');
}

export interface CreatedApiKey {
  readonly record: ApiKeyRecord;
  /** `og_<id>_<secret>`: shown once, never stored. */
  readonly key: string;
}

/** Makes a key (id + 192 random bits) and stores only its SHA-256. */
export async function createApiKey(
  keys: ApiKeyStore,
  options: { readonly name: string; readonly role: ApiKeyRole; readonly createdBy: string; readonly now: Date },
): Promise<CreatedApiKey> {
  const id = randomId();
  const key = `og_${id}_${randomBytes(24).toString('base64url')}`;
  const record: ApiKeyRecord = {
    id,
    name: options.name,
    role: options.role,
    createdAt: options.now.toISOString(),
    createdBy: options.createdBy,
    revokedAt: null,
  };
  await keys.insertApiKey({ ...record, keySha256: sha256Hex(key) });
  return { record, key };
}

export type KeyCheck =
  | { readonly ok: true; readonly key: ApiKeyRecord }
  | { readonly ok: false; readonly reason: 'malformed' | 'unknown' | 'revoked' };

/** Looks the key up by its id and compares hashes in constant time; revoked keys fail. */
export async function checkApiKey(keys: ApiKeyStore, presented: string): Promise<KeyCheck> {
  const match = KEY_PATTERN.exec(presented);
  if (!match?.[1]) return { ok: false, reason: 'malformed' };
  const stored = await keys.findApiKey(match[1]);
  if (!stored) return { ok: false, reason: 'unknown' };
  const same = timingSafeEqual(Buffer.from(sha256Hex(presented), 'hex'), Buffer.from(stored.keySha256, 'hex'));
  if (!same) return { ok: false, reason: 'unknown' };
  if (stored.revokedAt !== null) return { ok: false, reason: 'revoked' };
  const { keySha256: _hash, ...key } = stored;
  return { ok: true, key };
}
