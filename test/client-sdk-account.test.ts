import assert from 'node:assert/strict';
import {
  AccountClient,
  memorySessionStore,
  RookeryClient,
  type RookeryError,
  SocialClient,
} from '../client-sdk/index.ts';
import { BACKENDS } from './support/backends.ts';
import { startServer, type TestServer, uniqueName } from './support/server.ts';
import { startSmtp, type TestSmtp, tokenIn } from './support/smtp.ts';

const PASSWORD = 'correct horse battery';

describe("client SDK: the account's life", () => {
  let smtp: TestSmtp;
  let server: TestServer;
  before(async function () {
    // The first suite of a run to open the embedded database pays for its migrations.
    this.timeout(120_000);
    smtp = await startSmtp();
    server = await startServer(BACKENDS[0]!, { SMTP_URL: smtp.url });
  });
  after(async () => {
    await server?.close();
    await smtp?.close();
  });

  const mailTo = async (to: string) => {
    await server.app.services.passwordReset.idle();
    await server.app.mail.idle();
    return smtp.nextMail(to);
  };
  const signedIn = async (email?: string) => {
    const rookery = new RookeryClient({ baseUrl: server.url, store: memorySessionStore() });
    const username = uniqueName('sdk');
    await rookery.register({ username, password: PASSWORD, ...(email ? { email } : {}) });
    return { rookery, account: new AccountClient(rookery), username };
  };

  it('verifies an address, resets a password by mail, and signs in again', async () => {
    const email = `${uniqueName('sdk')}@example.org`.toLowerCase();
    const { rookery, account, username } = await signedIn(email);
    const anyone = new AccountClient(new RookeryClient({ baseUrl: server.url }));
    assert.deepEqual(await anyone.verifyEmail(tokenIn(await mailTo(email), '/verify-email')), {
      email,
      emailVerified: true,
    });
    assert.equal((await rookery.me()).emailVerified, true);
    await assert.rejects(
      account.resendVerification(),
      (err: RookeryError) => err.code === 'EMAIL_ALREADY_VERIFIED',
    );

    await anyone.requestPasswordReset(email);
    await anyone.confirmPasswordReset(tokenIn(await mailTo(email), '/reset-password'), 'a new passphrase');
    // This client's session ended with the reset: it says so, and forgets it.
    await assert.rejects(rookery.me(), (err: RookeryError) => err.code === 'SESSION_ENDED');
    assert.equal(await rookery.session(), undefined);
    await rookery.login({ username, password: 'a new passphrase' });
    await assert.rejects(
      anyone.verifyEmail('A'.repeat(43)),
      (err: RookeryError) => err.code === 'MAIL_TOKEN_INVALID' && err.status === 400,
    );
  });

  it('lists sessions and ends one from another device', async () => {
    const { rookery: laptop, account, username } = await signedIn();
    const phone = new RookeryClient({ baseUrl: server.url });
    await phone.login({ username, password: PASSWORD });
    const sessions = await account.sessions();
    assert.equal(sessions.length, 2);
    const other = sessions.find((s) => !s.current)!;
    await account.endSession(other.id);
    await assert.rejects(phone.me(), (err: RookeryError) => err.code === 'SESSION_ENDED');
    assert.equal((await laptop.me()).username, username);
    await phone.login({ username, password: PASSWORD });
    assert.equal(await account.endOtherSessions(), 1);
  });

  it('exports the data and deletes the account, which forgets the session', async () => {
    const { rookery, account, username } = await signedIn();
    const data = await account.exportData();
    assert.equal(data.profile.username, username);
    assert.equal(data.sessions.length, 1);
    await assert.rejects(
      account.deleteAccount('wrong password'),
      (err: RookeryError) => err.code === 'INVALID_CREDENTIALS',
    );
    await account.deleteAccount(PASSWORD);
    assert.equal(await rookery.session(), undefined);
    await assert.rejects(
      rookery.login({ username, password: PASSWORD }),
      (err: RookeryError) => err.code === 'INVALID_CREDENTIALS',
    );
  });

  it('makes friends, reads and marks the inbox, and blocks', async () => {
    const ann = await signedIn();
    const ben = await signedIn();
    const annSocial = new SocialClient(ann.rookery);
    const benSocial = new SocialClient(ben.rookery);
    assert.equal(await annSocial.requestFriend(ben.username), 'requested');
    const inbox = await benSocial.notifications({ unreadOnly: true });
    assert.equal(inbox.unread, 1);
    assert.equal(inbox.notifications[0]!.type, 'friend_request');
    const annId = (await ann.rookery.me()).id;
    await benSocial.accept(annId);
    assert.deepEqual(
      (await annSocial.friends()).friends.map((f) => f.username),
      [ben.username],
    );
    assert.deepEqual(await benSocial.markRead('all'), { marked: 1, unread: 0 });
    await benSocial.block(ann.username);
    assert.deepEqual((await annSocial.friends()).friends, []);
    await assert.rejects(
      annSocial.requestFriend(ben.username),
      (err: RookeryError) => err.code === 'BLOCKED',
    );
    await benSocial.unblock(annId);
    assert.deepEqual(await benSocial.blocked(), []);
  });
});
