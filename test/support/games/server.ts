/** The server as `server/main.ts` runs it, hosting the test games besides the release's. */
import { main } from '../../../server/main.ts';
import { highCardGame } from './high-card.ts';

await main([highCardGame]);
