import { Migration } from '@mikro-orm/migrations';

/**
 * The record of games: one row per game, its append-only event log, and the players' ratings per
 * category. The vocabularies checked here are those of `schema/chess.ts` as of this migration.
 */
export class Migration20261123000000_games extends Migration {
  override name = 'Migration20261123000000_games';

  override up(): void {
    this.addSql(`
      create table games (
        id text primary key,
        white_id uuid null references users (id) on delete set null,
        black_id uuid null references users (id) on delete set null,
        white_name text not null,
        black_name text not null,
        white_bot text null,
        black_bot text null,
        time_control text not null,
        initial_ms integer not null,
        increment_ms integer not null,
        category text not null,
        rated boolean not null,
        status text not null default 'playing',
        result text null,
        termination text null,
        white_rating integer null,
        black_rating integer null,
        white_rating_diff integer null,
        black_rating_diff integer null,
        white_provisional boolean null,
        black_provisional boolean null,
        pgn text null,
        final_fen text null,
        moves integer not null default 0,
        started_at timestamptz not null,
        ended_at timestamptz null,
        created_at timestamptz not null default now(),
        constraint games_id_shape check (id ~ '^[A-Za-z0-9_-]{1,32}$'),
        constraint games_names_length check (char_length(white_name) between 1 and 64
          and char_length(black_name) between 1 and 64),
        constraint games_bot_known check ((white_bot is null or white_bot in ('random', 'greedy'))
          and (black_bot is null or black_bot in ('random', 'greedy'))),
        constraint games_bot_has_no_account check ((white_bot is null or white_id is null)
          and (black_bot is null or black_id is null)),
        constraint games_time_control_shape check (char_length(time_control) between 3 and 16),
        constraint games_clock_sane check (initial_ms >= 0 and increment_ms >= 0 and initial_ms + increment_ms > 0),
        constraint games_category_known check (category in ('bullet', 'blitz', 'rapid', 'classical')),
        constraint games_status_known check (status in ('playing', 'ended')),
        constraint games_result_known check (result is null or result in ('1-0', '0-1', '1/2-1/2', '*')),
        constraint games_termination_known check (termination is null or termination in (
          'checkmate', 'stalemate', 'insufficient_material', 'threefold_repetition', 'fifty_moves',
          'fivefold_repetition', 'seventy_five_moves', 'resignation', 'agreement', 'timeout',
          'timeout_vs_insufficient_material', 'aborted', 'abandoned', 'abandoned_by_both')),
        constraint games_ending_complete check (
          (status = 'playing' and result is null and termination is null and ended_at is null)
          or (status = 'ended' and result is not null and termination is not null and ended_at is not null)),
        constraint games_moves_sane check (moves >= 0)
      )`);
    // A player's games, newest first, page after page: (started_at, id) is the keyset.
    this.addSql(
      'create index games_white_idx on games (white_id, started_at desc, id desc) where white_id is not null',
    );
    this.addSql(
      'create index games_black_idx on games (black_id, started_at desc, id desc) where black_id is not null',
    );
    // Games to restore after a restart: few rows, read at every boot.
    this.addSql(`create index games_playing_idx on games (started_at) where status = 'playing'`);

    this.addSql(`
      create table game_events (
        game_id text not null references games (id) on delete cascade,
        seq integer not null,
        type text not null,
        payload jsonb not null,
        clock_white_ms integer not null,
        clock_black_ms integer not null,
        at timestamptz not null,
        primary key (game_id, seq),
        constraint game_events_seq_positive check (seq >= 1),
        constraint game_events_type_known check (type in ('start', 'move', 'draw:offer', 'draw:decline',
          'draw:accept', 'draw:claim', 'resign', 'abort', 'flag', 'victory:claim', 'abandon', 'resume')),
        constraint game_events_start_first check ((seq = 1) = (type = 'start')),
        constraint game_events_payload_type check (payload ->> 'type' = type)
      )`);
    // The log is append-only: no UPDATE, no TRUNCATE, and no DELETE but the cascade from deleting
    // its game (which runs inside the foreign key's own trigger, hence at a trigger depth above 1).
    this.addSql(`
      create function game_events_refuse_change() returns trigger language plpgsql as $$
      begin
        if tg_op = 'DELETE' and pg_trigger_depth() > 1 then
          return old;
        end if;
        raise exception 'game_events is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
      end
      $$`);
    this.addSql(`create trigger game_events_no_update_delete before update or delete on game_events
      for each row execute function game_events_refuse_change()`);
    this.addSql(`create trigger game_events_no_truncate before truncate on game_events
      for each statement execute function game_events_refuse_change()`);

    this.addSql(`
      create table ratings (
        user_id uuid not null references users (id) on delete cascade,
        category text not null,
        rating double precision not null,
        rd double precision not null,
        volatility double precision not null,
        games integer not null default 0,
        updated_at timestamptz not null default now(),
        primary key (user_id, category),
        constraint ratings_category_known check (category in ('bullet', 'blitz', 'rapid', 'classical')),
        constraint ratings_sane check (rd > 0 and volatility > 0 and games >= 0)
      )`);
  }

  override down(): void {
    this.addSql('drop table if exists ratings');
    this.addSql('drop table if exists game_events');
    this.addSql('drop function if exists game_events_refuse_change()');
    this.addSql('drop table if exists games');
  }
}
