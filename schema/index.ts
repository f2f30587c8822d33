export * from './accounts.ts';
export * from './chess.state.ts';
export * from './chess.ts';
export * from './errors.ts';
export * from './games.ts';
export * from './moderation.ts';
export * from './roles.ts';
