// SQL of the event store's write path. Every batch or file is staged in a temporary table, checked as a set
// (one statement per check) and then written with one statement: never a round trip per row.

export const STAGE_COLUMNS = 'idx, event_id, la_code, case_ref, child_ref, pathway, type, occurred_on, payload, retracts_event_id';

export const CREATE_STAGE = `
  CREATE TEMP TABLE ingest_stage (
    idx int NOT NULL, event_id text COLLATE "C" NOT NULL, la_code text COLLATE "C" NOT NULL,
    case_ref text COLLATE "C" NOT NULL, child_ref text COLLATE "C" NOT NULL, pathway text NOT NULL, type text NOT NULL,
    occurred_on date NOT NULL,
    payload jsonb NOT NULL, retracts_event_id text
  ) ON COMMIT DROP`;

export const COPY_INTO_STAGE = `COPY ingest_stage (${STAGE_COLUMNS}) FROM STDIN`;

/**
 * For a file's whole stage: ANALYZE, so the set checks are planned on its real size. They find
 * rows by hash joins and the idx index (INDEX_STAGE_PARTS); the index on ids (INDEX_STAGE_IDS) is
 * built only when rows were staged after the parts or the parts repeat an id (see StagingSession.check):
 * then the repeat check and the last write look up ids among a few rows. Built over a stage of a
 * million rows, it costs more than the checks of a file that needs neither.
 */
export const INDEX_STAGE = [`ANALYZE ingest_stage`];
export const INDEX_STAGE_IDS = `CREATE INDEX IF NOT EXISTS ingest_stage_id ON ingest_stage (la_code, event_id)`;

/**
 * While a file is written in parts, the stage is indexed by idx alone, which grows at its end: each
 * part finds its rows by it. Indexes on ids and cases kept up row by row would cost more than the
 * rows (random inserts into a btree much larger than temp_buffers).
 */
export const INDEX_STAGE_PARTS = `CREATE INDEX IF NOT EXISTS ingest_stage_idx ON ingest_stage (idx)`;

/**
 * An event's content, what a replay must match to be a no-op: its stored columns, each with the
 * contract field an answer names it by, and the jsonb payload (compared key by key: jsonb
 * equality ignores key order). Not `source` or `received_at`. One list for both comparisons: a
 * staged row with the stored event (CHECK_STORED_CONFLICTS) and with the file's first row of its
 * id (CHECK_REPEATED_IDS).
 */
const CONTENT_COLUMNS: readonly (readonly [column: string, field: string])[] = [
  ['case_ref', 'caseRef'],
  ['child_ref', 'childRef'],
  ['pathway', 'pathway'],
  ['type', 'type'],
  ['occurred_on', 'date'],
  ['retracts_event_id', 'retractsEventId'],
];
const content = (alias: string) => [...CONTENT_COLUMNS.map(([c]) => `${alias}.${c}`), `${alias}.payload`].join(', ');
/** The fields in which staged row `s` differs from stored event `e` (never their values: those may be children's data). */
const DIFFERING_FIELDS = `ARRAY(
        SELECT f FROM unnest(ARRAY[
          ${CONTENT_COLUMNS.map(([c, f]) => `CASE WHEN s.${c} IS DISTINCT FROM e.${c} THEN '${f}' END`).join(',\n          ')}
        ] || ARRAY(
          SELECT k FROM (SELECT jsonb_object_keys(s.payload) UNION SELECT jsonb_object_keys(e.payload)) p (k)
          WHERE s.payload -> k IS DISTINCT FROM e.payload -> k
        )) AS f WHERE f IS NOT NULL GROUP BY f ORDER BY f COLLATE "C")`;

/**
 * The same eventId twice in one batch with different content (an exact repeat is a replay). Only
 * ids of rows with idx >= $2 are looked at (0: all; parts of a file that inserted every row they
 * staged held no repeat, so only the rows staged after them can make one).
 */
export const CHECK_REPEATED_IDS = `
  WITH repeated AS (
    SELECT la_code, event_id FROM ingest_stage
    WHERE $2 = 0 OR (la_code, event_id) IN (SELECT la_code, event_id FROM ingest_stage WHERE idx >= $2)
    GROUP BY la_code, event_id HAVING count(*) > 1
  )
  SELECT idx, event_id, first_idx FROM (
    SELECT idx, event_id, fp, first_value(idx) OVER w AS first_idx, first_value(fp) OVER w AS first_fp
    FROM (SELECT s.idx, s.event_id, s.la_code, md5(concat_ws('|', ${content('s')}::text)) AS fp
          FROM ingest_stage s JOIN repeated USING (la_code, event_id)) s
    WINDOW w AS (PARTITION BY la_code, event_id ORDER BY idx)
  ) x WHERE fp <> first_fp ORDER BY idx LIMIT $1`;

/**
 * Staged events whose eventId is already stored with other content: a replay is a no-op only when
 * it is the same event. Stored means committed by another transaction: the rows this one wrote
 * (parts of a file written while the rest streams, see WRITE_PART) are staged rows, compared
 * among themselves by CHECK_REPEATED_IDS. Content is CONTENT_COLUMNS and the payload.
 * The LIMIT 1 keeps the lateral subquery a nested loop: one primary-key probe per staged row (for
 * a fresh id, one index descent that finds nothing), never a hash of the whole events table. Field names are built
 * only for the rows that differ.
 * `stored_ids` (distinct staged ids found stored) lets the write notice an id that another
 * transaction committed after this check; the answer always has one row, with idx NULL when no
 * staged row conflicts. Rows $2 <= idx < $3 (a batch or file written in parts checks each part after writing it).
 */
export const CHECK_STORED_CONFLICTS = `
  WITH stored AS MATERIALIZED (
    SELECT s.idx, s.la_code, s.event_id,
      CASE WHEN (${content('s')}) IS DISTINCT FROM (${content('e')}) THEN ${DIFFERING_FIELDS} END AS fields
    FROM ingest_stage s
    CROSS JOIN LATERAL (
      SELECT ${content('e')}
      FROM events e WHERE e.la_code = s.la_code AND e.event_id = s.event_id
        AND e.xmin <> pg_current_xact_id()::xid LIMIT 1) e
    WHERE s.idx >= $2 AND s.idx < $3
  )
  SELECT c.idx, c.event_id, c.fields, n.stored_ids
  FROM (SELECT count(DISTINCT (la_code, event_id))::int AS stored_ids FROM stored) n
  LEFT JOIN LATERAL (SELECT idx, event_id, fields FROM stored WHERE fields IS NOT NULL ORDER BY idx LIMIT $1) c ON true
  ORDER BY c.idx`;

/**
 * A case keeps one pathway and one child: each row is compared with the stored case, else with
 * the case's first row in the batch. Cases are first screened by hash aggregates, so the row by
 * row comparison only runs for the (rare) cases that disagree somewhere. The screen is
 * MATERIALIZED: inlined, the planner joined the whole stage to the per-case aggregates before
 * filtering them (2.3 s for a file of 1,100,000 events whose cases all agree, against 0.7 s).
 */
export const CHECK_CASE_IDENTITY = `
  WITH per_case AS (
    SELECT la_code, case_ref, min(pathway) AS p_min, max(pathway) AS p_max,
           min(child_ref) AS c_min, max(child_ref) AS c_max
    FROM ingest_stage GROUP BY la_code, case_ref
  ), suspect AS MATERIALIZED (
    SELECT pc.la_code, pc.case_ref, c.pathway AS stored_pathway, c.child_ref AS stored_child
    FROM per_case pc LEFT JOIN cases c USING (la_code, case_ref)
    WHERE pc.p_min <> pc.p_max OR pc.c_min <> pc.c_max
       OR c.pathway <> pc.p_min OR c.pathway <> pc.p_max
       OR c.child_ref <> pc.c_min OR c.child_ref <> pc.c_max
  ), rows AS (
    SELECT s.idx, s.event_id, s.case_ref, s.pathway, s.child_ref, x.stored_pathway, x.stored_child,
           first_value(s.pathway) OVER w AS first_pathway, first_value(s.child_ref) OVER w AS first_child
    FROM ingest_stage s JOIN suspect x USING (la_code, case_ref)
    -- Checked once before the join: without it the whole stage was sorted for the join first, and
    -- almost always joined to no case (5 ms a batch of 10,000).
    WHERE EXISTS (SELECT 1 FROM suspect)
    WINDOW w AS (PARTITION BY s.la_code, s.case_ref ORDER BY s.idx)
  )
  SELECT idx, event_id, case_ref, pathway, coalesce(stored_pathway, first_pathway) AS case_pathway,
         child_ref <> coalesce(stored_child, first_child) AS other_child
  FROM rows
  WHERE pathway <> coalesce(stored_pathway, first_pathway) OR child_ref <> coalesce(stored_child, first_child)
  ORDER BY idx LIMIT $1`;

/**
 * A retract must name an event of the same case (stored or in this batch) that is not a retract.
 * Stored first, then the first staged row of that id; the staged targets are found by one hash
 * join, not a probe per retract, so the stage needs no index on ids.
 */
export const CHECK_RETRACT_TARGETS = `
  WITH r AS MATERIALIZED (
    SELECT idx, event_id, la_code, case_ref, retracts_event_id FROM ingest_stage WHERE type = 'retract'
  ), staged_target AS (
    SELECT DISTINCT ON (t.la_code, t.event_id) t.la_code, t.event_id, t.case_ref, t.type
    FROM ingest_stage t JOIN (SELECT DISTINCT la_code, retracts_event_id FROM r) x
      ON t.la_code = x.la_code AND t.event_id = x.retracts_event_id
    ORDER BY t.la_code, t.event_id, t.idx
  ), targeted AS (
    SELECT r.idx, r.event_id, r.case_ref, r.retracts_event_id,
           CASE WHEN e.case_ref IS NOT NULL THEN e.case_ref ELSE st.case_ref END AS target_case,
           CASE WHEN e.case_ref IS NOT NULL THEN e.type ELSE st.type END AS target_type
    FROM r
    LEFT JOIN LATERAL (
      SELECT e.case_ref, e.type FROM events e WHERE e.la_code = r.la_code AND e.event_id = r.retracts_event_id) e ON true
    LEFT JOIN staged_target st ON st.la_code = r.la_code AND st.event_id = r.retracts_event_id
  )
  SELECT idx, event_id, retracts_event_id, target_case, target_type FROM targeted
  WHERE target_case IS NULL OR target_case <> case_ref OR target_type = 'retract'
  ORDER BY idx LIMIT $1`;

/**
 * Writes the staged events, their cases and their recompute requests in one statement. Replays
 * (eventIds already stored, with the same content: see CHECK_STORED_CONFLICTS) are skipped by the
 * unique key; the first of exact in-batch repeats wins.
 */
export const WRITE_STAGED = `
  WITH fresh AS (
    SELECT * FROM ingest_stage s WHERE NOT EXISTS (
      SELECT 1 FROM ingest_stage t WHERE t.la_code = s.la_code AND t.event_id = s.event_id AND t.idx < s.idx)
  ), ins AS (
    INSERT INTO events (la_code, event_id, case_ref, child_ref, pathway, type, occurred_on, payload,
                        retracts_event_id, source)
    SELECT la_code, event_id, case_ref, child_ref, pathway, type, occurred_on, payload, retracts_event_id, $1
    FROM fresh
    ON CONFLICT (la_code, event_id) DO NOTHING
    RETURNING la_code, event_id, case_ref, child_ref, pathway, occurred_on
  ), touched AS (
    INSERT INTO cases AS c (la_code, case_ref, pathway, child_ref, first_event_on, last_event_on, event_count)
    SELECT la_code, case_ref, min(pathway), min(child_ref), min(occurred_on), max(occurred_on), count(*)
    FROM ins GROUP BY la_code, case_ref
    ON CONFLICT (la_code, case_ref) DO UPDATE SET
      first_event_on = least(c.first_event_on, excluded.first_event_on),
      last_event_on = greatest(c.last_event_on, excluded.last_event_on),
      event_count = c.event_count + excluded.event_count,
      updated_at = now()
    RETURNING 1
  ), requested AS (
    -- The recompute outbox: written with the events, so an accepted batch always gets recomputed.
    INSERT INTO recompute_requests (la_code, case_ref)
    SELECT la_code, case_ref FROM ins GROUP BY la_code, case_ref
    ON CONFLICT (la_code, case_ref) DO UPDATE SET seq = nextval('recompute_seq'), requested_at = now(), relayed_at = NULL
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM fresh)::int AS distinct_events,
         (SELECT count(*) FROM ins)::int AS inserted,
         (SELECT count(*) FROM touched)::int AS cases`;

/**
 * Stored events of the staged cases whose id starts with a prefix (one import profile's), not
 * staged again and not already retracted: what a full extract no longer says. The import retracts
 * them, so a corrected date replaces the old one instead of standing beside it. Stored means
 * committed before: this file's own rows, written in parts, are staged rows.
 */
const STORED_PREFIXED = `
  FROM (SELECT DISTINCT la_code, case_ref FROM ingest_stage) c
  JOIN events e ON e.la_code = c.la_code AND e.case_ref = c.case_ref
  WHERE e.event_id LIKE $1 || '%' AND e.type <> 'retract' AND ($2::text[] IS NULL OR e.type = ANY ($2::text[]))
    AND e.xmin <> pg_current_xact_id()::xid /* this file's own rows (written in parts): staged, so never stale */
`;

/**
 * STORED_PREFIXED less what the stage holds again (one hash of the staged ids: looked up by an
 * index per stored event, a re-imported file of 1,100,000 events probed an index larger than
 * temp_buffers for 5.3 s, after 1-2 s building it), then less what is already retracted, looked
 * for among those few alone (MATERIALIZED: materializing every stored event of the staged cases
 * instead wrote them all to temporary files, 3 s more).
 */
export const STALE_PREFIXED = `
  WITH unstaged AS MATERIALIZED (
    SELECT e.la_code, e.event_id, e.case_ref, e.child_ref, e.pathway
    ${STORED_PREFIXED}
      AND NOT EXISTS (SELECT 1 FROM ingest_stage s WHERE s.la_code = e.la_code AND s.event_id = e.event_id)
  )
  SELECT e.la_code, e.event_id, e.case_ref, e.child_ref, e.pathway FROM unstaged e
  WHERE NOT EXISTS (SELECT 1 FROM events r WHERE r.la_code = e.la_code AND r.case_ref = e.case_ref
                      AND r.type = 'retract' AND r.retracts_event_id = e.event_id
                      AND r.xmin <> pg_current_xact_id()::xid)
  ORDER BY e.la_code, e.case_ref, e.event_id`;

/**
 * Whether the staged cases have any stored event with the prefix at all: on a first import they
 * have none, and STALE_PREFIXED (which hashes every staged id) need not run. A count, not EXISTS:
 * planned for a first row, EXISTS read the events by prefix (8.8 s for a first import of 1.1M
 * events, against 0.4 s for the whole count).
 */
export const ANY_STORED_PREFIXED = `SELECT count(*) > 0 AS any ${STORED_PREFIXED}`;

/**
 * For a batch or file written in parts: a file's sorts and hashes (a part's ids, the checks'
 * per-case aggregates over the whole stage, the cases of the last write) spilled to temporary
 * files at the default 4 MB.
 */
export const FILE_WORK_MEM = `SET LOCAL work_mem = '64MB'`;

/**
 * A batch or file is written in parts while the rest of it streams in (parse and validation in node beside
 * the insert in PostgreSQL): each part's events go into the events table, in its one
 * transaction, and what they add to their cases is kept here until the end, where cases and the
 * recompute outbox are written once (WRITE_STAGED_AFTER_PARTS). Everything before COMMIT is
 * still all or nothing: a problem found later rolls the parts back with the rest.
 */
export const CREATE_WRITTEN = `
  CREATE TEMP TABLE ingest_written (
    la_code text COLLATE "C" NOT NULL, case_ref text COLLATE "C" NOT NULL, pathway text NOT NULL,
    child_ref text COLLATE "C" NOT NULL, first_on date NOT NULL, last_on date NOT NULL, n int NOT NULL
  ) ON COMMIT DROP`;

/**
 * Writes the staged rows with $2 <= idx < $3 (one part of a batch or file) into events, as WRITE_STAGED does (the first of
 * in-file repeats wins, replays are skipped by the unique key), and notes their cases. The part's
 * first row of each id goes in, in id order (neighbouring keys of the events index, not random
 * pages); an id an earlier part wrote is then skipped by the unique key like a replay, and not
 * counted among the distinct events.
 */
export const WRITE_PART = `
  WITH fresh AS (
    SELECT DISTINCT ON (la_code, event_id) * FROM ingest_stage s WHERE s.idx >= $2 AND s.idx < $3
    ORDER BY la_code, event_id, idx
  ), ins AS (
    INSERT INTO events (la_code, event_id, case_ref, child_ref, pathway, type, occurred_on, payload,
                        retracts_event_id, source)
    SELECT la_code, event_id, case_ref, child_ref, pathway, type, occurred_on, payload, retracts_event_id, $1
    FROM fresh
    ON CONFLICT (la_code, event_id) DO NOTHING
    RETURNING la_code, event_id, case_ref, child_ref, pathway, occurred_on
  ), noted AS (
    INSERT INTO ingest_written (la_code, case_ref, pathway, child_ref, first_on, last_on, n)
    SELECT la_code, case_ref, min(pathway), min(child_ref), min(occurred_on), max(occurred_on), count(*)
    FROM ins GROUP BY la_code, case_ref
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM ingest_stage s WHERE s.idx >= $2 AND s.idx < $3)::int AS staged,
         (SELECT count(*) FROM fresh)::int - CASE WHEN (SELECT count(*) FROM ins) = (SELECT count(*) FROM fresh) THEN 0 ELSE (
           -- Only when some id was skipped: those an earlier part of this file wrote (the rest are
           -- replays of stored events). This statement's snapshot does not see its own inserts.
           SELECT count(*) FROM fresh f WHERE EXISTS (
             SELECT 1 FROM events e WHERE e.la_code = f.la_code AND e.event_id = f.event_id
               AND e.xmin = pg_current_xact_id()::xid))
         END::int AS distinct_events,
         (SELECT count(*) FROM ins)::int AS inserted, (SELECT count(*) FROM noted)::int AS noted,
         -- $4: a batch's answer lists the replays of stored events (not ids an earlier part wrote), in order.
         CASE WHEN $4::boolean AND (SELECT count(*) FROM ins) < (SELECT count(*) FROM fresh) THEN ARRAY(
           SELECT f.event_id FROM fresh f
           WHERE NOT EXISTS (SELECT 1 FROM ins i WHERE i.la_code = f.la_code AND i.event_id = f.event_id)
             AND NOT EXISTS (SELECT 1 FROM events e WHERE e.la_code = f.la_code AND e.event_id = f.event_id
                               AND e.xmin = pg_current_xact_id()::xid)
           ORDER BY f.idx) END AS duplicate_ids`;

/**
 * The end of a batch or file written in parts: the rows staged after the last part (idx >= $2: an
 * extract's retractions) as WRITE_STAGED writes them, then the cases and the recompute outbox of
 * every part at once, from one aggregate per case. `new_cases` counts those the store did not
 * hold: every statement of the WITH sees the tables as they were before it, so the cases it
 * inserts are not among them. Cases whose staged events were all replays are held already (a
 * case is written with its events), so these are all the staged cases that are new; counted
 * here, a file's import need not group its whole stage by case a second time.
 */
export const WRITE_STAGED_AFTER_PARTS = `
  WITH fresh AS (
    SELECT * FROM ingest_stage s WHERE s.idx >= $2 AND NOT EXISTS (
      SELECT 1 FROM ingest_stage t WHERE t.la_code = s.la_code AND t.event_id = s.event_id AND t.idx < s.idx)
  ), ins AS (
    INSERT INTO events (la_code, event_id, case_ref, child_ref, pathway, type, occurred_on, payload,
                        retracts_event_id, source)
    SELECT la_code, event_id, case_ref, child_ref, pathway, type, occurred_on, payload, retracts_event_id, $1
    FROM fresh
    ON CONFLICT (la_code, event_id) DO NOTHING
    RETURNING la_code, case_ref, child_ref, pathway, occurred_on
  ), all_written AS (
    SELECT la_code, case_ref, pathway, child_ref, occurred_on AS first_on, occurred_on AS last_on, 1 AS n FROM ins
    UNION ALL
    SELECT la_code, case_ref, pathway, child_ref, first_on, last_on, n FROM ingest_written
  ), per_case AS (
    SELECT la_code, case_ref, min(pathway) AS pathway, min(child_ref) AS child_ref, min(first_on) AS first_on,
           max(last_on) AS last_on, sum(n) AS n
    FROM all_written GROUP BY la_code, case_ref
  ), touched AS (
    INSERT INTO cases AS c (la_code, case_ref, pathway, child_ref, first_event_on, last_event_on, event_count)
    SELECT la_code, case_ref, pathway, child_ref, first_on, last_on, n FROM per_case
    ON CONFLICT (la_code, case_ref) DO UPDATE SET
      first_event_on = least(c.first_event_on, excluded.first_event_on),
      last_event_on = greatest(c.last_event_on, excluded.last_event_on),
      event_count = c.event_count + excluded.event_count,
      updated_at = now()
    RETURNING 1
  ), requested AS (
    INSERT INTO recompute_requests (la_code, case_ref)
    SELECT la_code, case_ref FROM per_case
    ON CONFLICT (la_code, case_ref) DO UPDATE SET seq = nextval('recompute_seq'), requested_at = now(), relayed_at = NULL
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM fresh)::int AS distinct_events,
         (SELECT count(*) FROM ins)::int AS inserted,
         (SELECT count(*) FROM touched)::int AS cases,
         -- $3: only a file's import counts them (5 ms a batch of 10,000 that nothing reads).
         CASE WHEN $3::boolean THEN (SELECT count(*) FROM per_case p
          WHERE NOT EXISTS (SELECT 1 FROM cases c WHERE c.la_code = p.la_code AND c.case_ref = p.case_ref)) END::int AS new_cases`;
