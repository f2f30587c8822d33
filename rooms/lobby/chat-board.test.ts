import assert from 'node:assert/strict';
import { LobbyState } from '../../schema/lobby.state.ts';
import { LobbyAudience } from './audience.ts';
import { ChatBoard } from './chat-board.ts';
import { DEFAULT_LOBBY_SETTINGS } from './deps.ts';

const ann = { userId: 'ann', name: 'Ann', guest: false };

function board(): ChatBoard {
  const audience = new LobbyAudience(async () => ({ blockers: [], mutedUntil: null }));
  return new ChatBoard(new LobbyState().chat, DEFAULT_LOBBY_SETTINGS, audience);
}

const code = (checked: ReturnType<ChatBoard['say']>) => (checked.ok ? 'said' : checked.refusal.code);

describe('lobby chat board: mutes from the record and from staff', () => {
  it('a mute read from the record as a user comes in holds until it ends', () => {
    const chat = board();
    chat.recorded('ann', 5_000, 1_000, chat.staffCalls);
    assert.equal(code(chat.say(ann, 'hi', 2_000)), 'MUTED');
    assert.equal(code(chat.say(ann, 'hi', 5_000)), 'said');
  });

  it('a record read before staff unmuted the user does not mute them again', () => {
    const chat = board();
    chat.mute('ann', 60_000, 0);
    const asOf = chat.staffCalls;
    // Staff lift the mute while the join's read (which still saw it) is on its way.
    chat.mute('ann', null, 1_000);
    chat.recorded('ann', 60_000, 1_000, asOf);
    assert.equal(code(chat.say(ann, 'thanks', 2_000)), 'said');
  });

  it('a record read before staff muted the user does not lift the mute', () => {
    const chat = board();
    const asOf = chat.staffCalls;
    chat.mute('ann', 60_000, 0);
    chat.recorded('ann', null, 1_000, asOf);
    assert.equal(code(chat.say(ann, 'hi', 2_000)), 'MUTED');
  });

  it('a record read after the latest staff call about the user is applied, whatever it says', () => {
    const chat = board();
    chat.mute('ann', 60_000, 0);
    chat.recorded('ann', null, 1_000, chat.staffCalls);
    assert.equal(code(chat.say(ann, 'hi', 2_000)), 'said');
    // A staff call about someone else since the read does not hold Ann's record back.
    const asOf = chat.staffCalls;
    chat.mute('ben', 60_000, 2_000);
    chat.recorded('ann', 60_000, 2_000, asOf);
    assert.equal(code(chat.say(ann, 'again', 3_000)), 'MUTED');
  });
});
