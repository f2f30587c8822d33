import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { JoseAccessTokens } from './jose.access-tokens.ts';
import { generateKeySetJson, loadKeySet, parseKeySet } from './keys.ts';

const claims = {
  userId: '6f1c1d1e-0000-4000-8000-000000000001',
  username: 'alice',
  roles: ['user' as const],
  guest: false,
};

describe('signing keys', () => {
  it('verifies tokens of a retired key after a rotation, and signs with the new one', async () => {
    const oldSet = await generateKeySetJson();
    const now = () => new Date();
    const before = new JoseAccessTokens(await parseKeySet(oldSet), 'rookery', 900, now);
    const oldToken = await before.issue(claims);

    const rotated = JSON.stringify({
      keys: [...JSON.parse(await generateKeySetJson()).keys, ...JSON.parse(oldSet).keys],
    });
    const keys = await parseKeySet(rotated);
    const after = new JoseAccessTokens(keys, 'rookery', 900, now);
    assert.equal((await after.verify(oldToken)).username, 'alice');
    const newToken = await after.issue(claims);
    const kid = JSON.parse(Buffer.from(newToken.split('.')[0]!, 'base64url').toString()).kid;
    assert.equal(kid, keys.signing.kid);
    assert.notEqual(kid, JSON.parse(oldSet).keys[0].kid);
    assert.equal(keys.publicJwks.keys.length, 2);
    assert.ok(
      keys.publicJwks.keys.every((k) => !('d' in k)),
      'a private part was published',
    );
    // A server that never had the new key refuses its tokens.
    await assert.rejects(before.verify(newToken), { code: 'TOKEN_INVALID' });
  });

  it('refuses a token from another issuer, and an expired token even when it was verified before', async () => {
    const set = await parseKeySet(await generateKeySetJson());
    let now = Date.now();
    const clock = () => new Date(now);
    const tokens = new JoseAccessTokens(set, 'rookery', 60, clock);
    const foreign = new JoseAccessTokens(set, 'someone-else', 60, clock);
    await assert.rejects(tokens.verify(await foreign.issue(claims)), { code: 'TOKEN_INVALID' });
    const token = await tokens.issue(claims);
    await tokens.verify(token);
    now += 61_000;
    await assert.rejects(tokens.verify(token), { code: 'TOKEN_EXPIRED' });
  });

  it('answers a verified token again from its cache, and refuses a token one character off it', async () => {
    const tokens = new JoseAccessTokens(
      await parseKeySet(await generateKeySetJson()),
      'rookery',
      60,
      () => new Date(),
    );
    const token = await tokens.issue(claims);
    const first = await tokens.verify(token);
    // The same token as another string (as a header or a URL would give it): the cached claims.
    assert.equal(await tokens.verify(`x${token}`.slice(1)), first);
    const [head, body, signature] = token.split('.') as [string, string, string];
    const flip = (s: string, at: number) => s.slice(0, at) + (s[at] === 'A' ? 'B' : 'A') + s.slice(at + 1);
    for (const forged of [
      `${head}.${body}.${flip(signature, 10)}`,
      `${head}.${flip(body, 10)}.${signature}`,
      `${token}x`,
    ]) {
      await assert.rejects(tokens.verify(forged), { code: 'TOKEN_INVALID' }, forged);
    }
    assert.equal(await tokens.verify(token), first);
  });

  it('refuses key sets that are not private Ed25519 keys with ids', async () => {
    for (const bad of [
      '',
      'nope',
      '{}',
      '{"keys":[]}',
      '{"keys":[{"kty":"OKP","crv":"Ed25519","x":"abc","kid":"k"}]}',
    ]) {
      await assert.rejects(parseKeySet(bad), { name: 'KeyError' }, bad);
    }
    const one = JSON.parse(await generateKeySetJson()).keys[0];
    await assert.rejects(parseKeySet(JSON.stringify({ keys: [one, one] })), /duplicate kid/);
    await assert.rejects(parseKeySet(JSON.stringify({ keys: [{ ...one, kid: undefined }] })), /kid/);
  });

  it('generates development keys once and keeps them', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rookery-keys-'));
    try {
      let generated = 0;
      const first = await loadKeySet({ dataDir: dir }, () => generated++);
      const second = await loadKeySet({ dataDir: dir }, () => generated++);
      assert.equal(generated, 1);
      assert.equal(first.signing.kid, second.signing.kid);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
