export * from './accounts.ts';
export * from './errors.ts';
export * from './roles.ts';
export * from './chess.ts';
export * from './chess.state.ts';
