import type { LineRule } from '../rules/chat.ts';
import { refused } from '../rules/refusal.ts';

/** A lobby line: not empty, at most `chatMaxLength` characters, on one line of printable text. */
export const lobbyLine: LineRule = (text, { chatMaxLength }) => {
  if (text === '') return refused('VALIDATION_FAILED', 'say something').refusal;
  if ([...text].length > chatMaxLength)
    return refused('VALIDATION_FAILED', `at most ${chatMaxLength} characters a line`).refusal;
  if (/\p{Cc}/u.test(text))
    return refused('VALIDATION_FAILED', 'no control characters or line breaks').refusal;
  return undefined;
};
