import { Migration } from '@mikro-orm/migrations';

/**
 * The record of any game. `games` loses its white/black columns: who sat where moves to
 * `game_players` (one row per seat, in seating order: chess seat 0 is white), the game's own
 * settings to `options` (JSON), its outcome to `termination` and `record` (JSON: chess keeps
 * `{ result, pgn, final }`), and ratings are kept per `pool` (chess: its category). The event log
 * keeps each event as the game module wrote it, as JSON with its format version `v`; what was
 * derived for reads (chess: SAN and both clocks) sits beside it in `derived`. Snapshots let a
 * restore replay only the end of a long log. The result of a match is kept for whoever created it
 * (`report_to`) until it is taken (`reported_at`).
 *
 * Existing chess games and their logs are converted in place, without loss; `down` converts them
 * back, and refuses while the record holds anything the older schema cannot (another game).
 */
export class Migration20261205000000_match_records extends Migration {
  override name = 'Migration20261205000000_match_records';

  override up(): void {
    this.addSql(`
      alter table games
        add column game text null,
        add column options jsonb null,
        add column pool text null,
        add column record jsonb null,
        add column report_to text null,
        add column reported_at timestamptz null`);
    this.addSql(`
      update games set
        game = 'chess',
        options = jsonb_build_object('timeControl', time_control, 'initialMs', initial_ms, 'incrementMs', increment_ms),
        pool = category,
        record = case when status = 'ended'
          then jsonb_strip_nulls(jsonb_build_object('result', result, 'pgn', pgn, 'final', final_fen)) end`);

    this.addSql(`
      create table game_players (
        game_id text not null references games (id) on delete cascade,
        seat smallint not null,
        team smallint not null,
        user_id uuid null references users (id) on delete set null,
        name text not null,
        bot text null,
        guest boolean not null default false,
        started_at timestamptz not null,
        score double precision null,
        -- the placing (1 is first); PLACING is a reserved word of SQL
        place smallint null,
        rating_before integer null,
        rating_after integer null,
        rating_diff integer null,
        provisional boolean null,
        primary key (game_id, seat),
        constraint game_players_seat_sane check (seat between 0 and 63 and team between 0 and 63),
        constraint game_players_name_length check (char_length(name) between 1 and 64),
        constraint game_players_bot_has_no_account check (bot is null or user_id is null),
        constraint game_players_bot_shape check (bot is null or char_length(bot) between 1 and 32),
        constraint game_players_result_whole check ((score is null) = (place is null) and (place is null or place >= 1)),
        constraint game_players_rating_whole check ((rating_diff is null) = (rating_after is null)
          and (rating_diff is null or (rating_before is not null and rating_after = rating_before + rating_diff)))
      )`);
    // A player's games, newest first, page after page: (started_at, game_id) is the keyset.
    this.addSql(
      'create index game_players_user_idx on game_players (user_id, started_at desc, game_id desc) where user_id is not null',
    );
    this.addSql(`
      insert into game_players (game_id, seat, team, user_id, name, bot, guest, started_at, score, place,
          rating_before, rating_after, rating_diff, provisional)
        select g.id, 0, 0, g.white_id, g.white_name, g.white_bot, coalesce(u.guest, false), g.started_at,
            case g.result when '1-0' then 1 when '0-1' then 0 when '1/2-1/2' then 0.5 end,
            case g.result when '1-0' then 1 when '0-1' then 2 when '1/2-1/2' then 1 end,
            g.white_rating, g.white_rating + g.white_rating_diff, g.white_rating_diff, g.white_provisional
          from games g left join users u on u.id = g.white_id
        union all
        select g.id, 1, 1, g.black_id, g.black_name, g.black_bot, coalesce(u.guest, false), g.started_at,
            case g.result when '1-0' then 0 when '0-1' then 1 when '1/2-1/2' then 0.5 end,
            case g.result when '1-0' then 2 when '0-1' then 1 when '1/2-1/2' then 1 end,
            g.black_rating, g.black_rating + g.black_rating_diff, g.black_rating_diff, g.black_provisional
          from games g left join users u on u.id = g.black_id`);

    this.addSql(`
      alter table games drop constraint games_ending_complete, drop constraint games_termination_known`);
    this.addSql(`
      alter table games
        drop column white_id, drop column black_id, drop column white_name, drop column black_name,
        drop column white_bot, drop column black_bot, drop column time_control, drop column initial_ms,
        drop column increment_ms, drop column category, drop column result, drop column white_rating,
        drop column black_rating, drop column white_rating_diff, drop column black_rating_diff,
        drop column white_provisional, drop column black_provisional, drop column pgn, drop column final_fen,
        alter column game set not null,
        alter column options set not null,
        alter column pool set not null,
        add constraint games_game_shape check (game ~ '^[a-z][a-z0-9_-]{0,31}$'),
        add constraint games_options_object check (jsonb_typeof(options) = 'object'),
        add constraint games_pool_shape check (char_length(pool) between 1 and 32),
        add constraint games_termination_shape check (termination is null or char_length(termination) between 1 and 64),
        add constraint games_ending_complete check (
          (status = 'playing' and termination is null and record is null and ended_at is null)
          or (status = 'ended' and termination is not null and jsonb_typeof(record) = 'object' and ended_at is not null)),
        add constraint games_report_after_end check (reported_at is null or (report_to is not null and status = 'ended'))`);
    // Results still to hand to whoever created their match: few rows, read by a sweep.
    this.addSql(`create index games_report_pending_idx on games (ended_at)
      where report_to is not null and reported_at is null and status = 'ended'`);

    // The log: the append-only trigger is set aside only for this conversion, inside its transaction.
    this.addSql(`
      alter table game_events
        drop constraint game_events_type_known,
        drop constraint game_events_start_first,
        add column v integer not null default 1,
        add column derived jsonb null`);
    this.addSql('alter table game_events rename column payload to event');
    this.addSql('alter table game_events disable trigger game_events_no_update_delete');
    this.addSql(`
      update game_events set
        derived = jsonb_build_object('clock', jsonb_build_object('white', clock_white_ms, 'black', clock_black_ms))
          || case when event ? 'san' then jsonb_build_object('san', event -> 'san') else '{}'::jsonb end,
        event = event - 'san'`);
    this.addSql('alter table game_events enable trigger game_events_no_update_delete');
    this.addSql(`
      alter table game_events
        drop column clock_white_ms, drop column clock_black_ms,
        alter column v drop default,
        add constraint game_events_v_positive check (v >= 1),
        add constraint game_events_type_shape check (char_length(type) between 1 and 64),
        add constraint game_events_derived_object check (derived is null or jsonb_typeof(derived) = 'object')`);

    this.addSql(`
      create table game_snapshots (
        game_id text not null,
        seq integer not null,
        v integer not null,
        state jsonb not null,
        created_at timestamptz not null default now(),
        primary key (game_id, seq),
        foreign key (game_id, seq) references game_events (game_id, seq) on delete cascade,
        constraint game_snapshots_v_positive check (v >= 1)
      )`);

    this.addSql(`
      alter table ratings
        drop constraint ratings_category_known,
        add constraint ratings_pool_shape check (char_length(category) between 1 and 32)`);
    this.addSql('alter table ratings rename column category to pool');
  }

  override down(): void {
    this.addSql(`
      do $$ begin
        if exists (select 1 from games g where g.game <> 'chess'
            or (select count(*) from game_players p where p.game_id = g.id) <> 2
            or not (g.options ? 'timeControl' and g.options ? 'initialMs' and g.options ? 'incrementMs'))
          or exists (select 1 from game_events e where e.v <> 1 or not coalesce(e.derived ? 'clock', false))
          or exists (select 1 from ratings where pool not in ('bullet', 'blitz', 'rapid', 'classical')) then
          raise exception 'the record holds games the older schema cannot keep: migrating down refused';
        end if;
      end $$`);

    this.addSql('alter table ratings rename column pool to category');
    this.addSql(`
      alter table ratings
        drop constraint ratings_pool_shape,
        add constraint ratings_category_known check (category in ('bullet', 'blitz', 'rapid', 'classical'))`);
    this.addSql('drop table game_snapshots');

    this.addSql(`
      alter table game_events
        drop constraint game_events_v_positive, drop constraint game_events_type_shape,
        drop constraint game_events_derived_object,
        add column clock_white_ms integer null,
        add column clock_black_ms integer null`);
    this.addSql('alter table game_events rename column event to payload');
    this.addSql('alter table game_events disable trigger game_events_no_update_delete');
    this.addSql(`
      update game_events set
        clock_white_ms = (derived -> 'clock' ->> 'white')::integer,
        clock_black_ms = (derived -> 'clock' ->> 'black')::integer,
        payload = payload || case when derived ? 'san' then jsonb_build_object('san', derived -> 'san') else '{}'::jsonb end`);
    this.addSql('alter table game_events enable trigger game_events_no_update_delete');
    this.addSql(`
      alter table game_events
        drop column v, drop column derived,
        alter column clock_white_ms set not null,
        alter column clock_black_ms set not null,
        add constraint game_events_type_known check (type in ('start', 'move', 'draw:offer', 'draw:decline',
          'draw:accept', 'draw:claim', 'resign', 'abort', 'flag', 'victory:claim', 'abandon', 'resume')),
        add constraint game_events_start_first check ((seq = 1) = (type = 'start'))`);

    this.addSql('drop index games_report_pending_idx');
    this.addSql(`
      alter table games
        drop constraint games_game_shape, drop constraint games_options_object, drop constraint games_pool_shape,
        drop constraint games_termination_shape, drop constraint games_ending_complete,
        drop constraint games_report_after_end,
        add column white_id uuid null references users (id) on delete set null,
        add column black_id uuid null references users (id) on delete set null,
        add column white_name text null, add column black_name text null,
        add column white_bot text null, add column black_bot text null,
        add column time_control text null, add column initial_ms integer null, add column increment_ms integer null,
        add column category text null, add column result text null,
        add column white_rating integer null, add column black_rating integer null,
        add column white_rating_diff integer null, add column black_rating_diff integer null,
        add column white_provisional boolean null, add column black_provisional boolean null,
        add column pgn text null, add column final_fen text null`);
    this.addSql(`
      update games g set
        white_id = w.user_id, black_id = b.user_id, white_name = w.name, black_name = b.name,
        white_bot = w.bot, black_bot = b.bot,
        time_control = g.options ->> 'timeControl',
        initial_ms = (g.options ->> 'initialMs')::integer,
        increment_ms = (g.options ->> 'incrementMs')::integer,
        category = g.pool, result = g.record ->> 'result',
        white_rating = w.rating_before, black_rating = b.rating_before,
        white_rating_diff = w.rating_diff, black_rating_diff = b.rating_diff,
        white_provisional = w.provisional, black_provisional = b.provisional,
        pgn = g.record ->> 'pgn', final_fen = g.record ->> 'final'
      from game_players w, game_players b
      where w.game_id = g.id and w.seat = 0 and b.game_id = g.id and b.seat = 1`);
    this.addSql('drop table game_players');
    this.addSql(`
      alter table games
        drop column game, drop column options, drop column pool, drop column record,
        drop column report_to, drop column reported_at,
        alter column white_name set not null, alter column black_name set not null,
        alter column time_control set not null, alter column initial_ms set not null,
        alter column increment_ms set not null, alter column category set not null,
        add constraint games_names_length check (char_length(white_name) between 1 and 64
          and char_length(black_name) between 1 and 64),
        add constraint games_bot_known check ((white_bot is null or white_bot in ('random', 'greedy'))
          and (black_bot is null or black_bot in ('random', 'greedy'))),
        add constraint games_bot_has_no_account check ((white_bot is null or white_id is null)
          and (black_bot is null or black_id is null)),
        add constraint games_time_control_shape check (char_length(time_control) between 3 and 16),
        add constraint games_clock_sane check (initial_ms >= 0 and increment_ms >= 0 and initial_ms + increment_ms > 0),
        add constraint games_category_known check (category in ('bullet', 'blitz', 'rapid', 'classical')),
        add constraint games_result_known check (result is null or result in ('1-0', '0-1', '1/2-1/2', '*')),
        add constraint games_termination_known check (termination is null or termination in (
          'checkmate', 'stalemate', 'insufficient_material', 'threefold_repetition', 'fifty_moves',
          'fivefold_repetition', 'seventy_five_moves', 'resignation', 'agreement', 'timeout',
          'timeout_vs_insufficient_material', 'aborted', 'abandoned', 'abandoned_by_both')),
        add constraint games_ending_complete check (
          (status = 'playing' and result is null and termination is null and ended_at is null)
          or (status = 'ended' and result is not null and termination is not null and ended_at is not null))`);
    this.addSql(
      'create index games_white_idx on games (white_id, started_at desc, id desc) where white_id is not null',
    );
    this.addSql(
      'create index games_black_idx on games (black_id, started_at desc, id desc) where black_id is not null',
    );
  }
}
