/**
 * The audit stream's horizon: a `bigint` below which no audit event can still appear. Readers serve only ids
 * under it (API.md §9: reading on from a cursor never skips an event).
 *
 * Event ids start with their writing transaction id (`xid << 20`, see the AuditStream migration). Every
 * transaction that may still commit an event has an xid at or above the oldest one still running, or at or
 * above the snapshot's `xmax` (not started, or started after the snapshot's bookkeeping); so nothing can
 * appear below `min(running xids, xmax) << 20`. Transactions of other databases of the same cluster share
 * the xid space but cannot write this table: they are left out when `pg_stat_activity` names their database,
 * so a long transaction elsewhere does not hold this stream back. An xid it cannot place (finished meanwhile,
 * or not visible to this role) counts as running here, which only delays, never skips.
 *
 * The snapshot is the statement's own: use this in the same statement that reads the events, so the rows
 * read and the horizon agree (events of transactions that finish after the snapshot are invisible to it and
 * above the horizon).
 */
export const AUDIT_HORIZON_SQL = `
  SELECT (LEAST(
            pg_snapshot_xmax(s.snap),
            (SELECT min(x) FROM pg_snapshot_xip(s.snap) AS x
              WHERE x::xid NOT IN (
                SELECT a.backend_xid FROM pg_stat_get_activity(NULL) AS a
                 WHERE a.backend_xid IS NOT NULL
                   AND a.datid <> (SELECT d.oid FROM pg_database d WHERE d.datname = current_database())))
          )::text::bigint << 20) AS horizon
    FROM (SELECT pg_current_snapshot() AS snap) AS s`;
