import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as jose from 'jose';

export const SIGNING_ALG = 'EdDSA';

/** The private keys the server signs with: the first signs, every one verifies (rotation). */
export interface KeySet {
  signing: { kid: string; key: CryptoKey };
  /** The public halves, as `/.well-known/jwks.json` publishes them. */
  publicJwks: { keys: jose.JWK[] };
  /**
   * One secret per key, derived from its private half, in the same order: the first marks room
   * options that only a server may give (restoring a game, held seats, a singleton's id), and a
   * node accepts any of them. Every node of a cluster shares the key set, so a room one node asks
   * another to create is trusted there; a rotation works as it does for tokens (add the new key
   * everywhere, then put it first).
   */
  roomKeys: string[];
}

export class KeyError extends Error {
  override name = 'KeyError';
}

/** A new JWK set with one Ed25519 key, as JSON: what `npm run keys:generate` prints. */
export async function generateKeySetJson(now = new Date()): Promise<string> {
  const { privateKey } = await jose.generateKeyPair(SIGNING_ALG, { crv: 'Ed25519', extractable: true });
  const jwk = await jose.exportJWK(privateKey);
  const kid = `k-${now.toISOString().slice(0, 10)}-${crypto.randomUUID().slice(0, 8)}`;
  return JSON.stringify({ keys: [{ ...jwk, kid, alg: SIGNING_ALG, use: 'sig' }] }, null, 2);
}

/** Reads a JWK set of private keys; throws a `KeyError` that says what is wrong with it. */
export async function parseKeySet(json: string): Promise<KeySet> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new KeyError('signing keys are not valid JSON (expected {"keys":[…]})');
  }
  const keys = (parsed as { keys?: unknown }).keys;
  if (!Array.isArray(keys) || keys.length === 0)
    throw new KeyError('signing keys: "keys" must be a non-empty array');
  const publicKeys: jose.JWK[] = [];
  let signing: KeySet['signing'] | undefined;
  const kids = new Set<string>();
  const roomKeys: string[] = [];
  for (const [i, raw] of keys.entries()) {
    const jwk = raw as jose.JWK;
    if (
      jwk.kty !== 'OKP' ||
      jwk.crv !== 'Ed25519' ||
      typeof jwk.d !== 'string' ||
      typeof jwk.x !== 'string'
    ) {
      throw new KeyError(`signing key ${i}: expected a private Ed25519 JWK (kty OKP, crv Ed25519, d, x)`);
    }
    if (typeof jwk.kid !== 'string' || jwk.kid.length === 0)
      throw new KeyError(`signing key ${i}: "kid" is required`);
    if (kids.has(jwk.kid)) throw new KeyError(`signing key ${i}: duplicate kid ${jwk.kid}`);
    kids.add(jwk.kid);
    const key = (await jose.importJWK({ ...jwk, alg: SIGNING_ALG }, SIGNING_ALG)) as CryptoKey;
    if (i === 0) signing = { kid: jwk.kid, key };
    roomKeys.push(
      createHmac('sha256', Buffer.from(jwk.d, 'base64url'))
        .update('rookery room options')
        .digest('base64url'),
    );
    publicKeys.push({ kty: 'OKP', crv: 'Ed25519', x: jwk.x, kid: jwk.kid, alg: SIGNING_ALG, use: 'sig' });
  }
  return { signing: signing!, publicJwks: { keys: publicKeys }, roomKeys };
}

/**
 * The key set from `AUTH_KEYS`/`AUTH_KEYS_FILE`; without either (development only: the config
 * refuses production without keys), from `<dataDir>/auth-keys.json`, generated on first boot and
 * kept, so tokens survive restarts.
 */
export async function loadKeySet(
  source: { keysJson?: string; keysFile?: string; dataDir: string },
  onGenerated?: (file: string) => void,
): Promise<KeySet> {
  if (source.keysJson) return parseKeySet(source.keysJson);
  if (source.keysFile) return parseKeySet(fs.readFileSync(source.keysFile, 'utf8'));
  const file = path.join(source.dataDir, 'auth-keys.json');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(source.dataDir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, await generateKeySetJson(), { mode: 0o600 });
    fs.renameSync(tmp, file);
    onGenerated?.(file);
  }
  return parseKeySet(fs.readFileSync(file, 'utf8'));
}
