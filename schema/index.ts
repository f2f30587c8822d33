export * from './accounts.ts';
export * from './errors.ts';
export * from './roles.ts';
export * from './chess.ts';
