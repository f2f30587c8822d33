import { tournamentPages } from './support/web-tournaments-suite.ts';

tournamentPages('phone');
