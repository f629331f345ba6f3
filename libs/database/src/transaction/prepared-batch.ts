import pg from 'pg';
import { serialize } from 'pg-protocol';

/** A named prepared statement: parsed, planned and described once per connection, then only bound and executed. */
export interface PreparedStatement {
  name: string;
  text: string;
}

/** A prepared statement with the values of one execution. */
export interface BoundStatement {
  statement: PreparedStatement;
  values: readonly unknown[];
}

export interface StatementResult {
  rows: Array<Record<string, unknown>>;
  rowCount: number | null;
}

interface FieldDescription {
  name: string;
  dataTypeID: number;
  format: 'text' | 'binary';
}

/** A statement's result columns and their parsers, as its first Describe reported them (none: no rows). */
interface Described {
  names: string[];
  parsers: Array<(raw: string) => unknown>;
}

/** The statements this module prepared on a connection, by name, with their columns. */
const preparedOn = new WeakMap<pg.PoolClient, Map<string, Described>>();
/** Connections whose failed batch carried Parse messages: which of them the server kept is not reported. */
const preparedStateUnknown = new WeakSet<pg.PoolClient>();

const pgPrepareValue = (pg as unknown as { utils: { prepareValue: (value: unknown) => unknown } }).utils.prepareValue;
/**
 * Values as node-postgres sends them (objects as JSON, arrays as array literals), except a Date, sent as its ISO
 * string: the same instant, without pg's local-time formatting, which showed in the hot path's profile.
 */
const prepareValue = (value: unknown): unknown => (value instanceof Date ? value.toISOString() : pgPrepareValue(value));
const SYNC = serialize.sync();

type Settle = (error: Error | null, results?: StatementResult[]) => void;

/**
 * Several prepared statements in one write and one round trip: for each, Parse and Describe on its first use on
 * the connection, then Bind and Execute; one Sync at the end. Up to that Sync they run as one unit: the first
 * error skips the rest, and without an explicit BEGIN they share one implicit transaction; a batch opening with
 * BEGIN leaves its transaction open for the next batch. This is the extended protocol's pipelining, which
 * node-postgres's own queries do not offer (each ends in its own Sync and waits for it); pg runs any object with
 * `submit(connection)` and the message handlers below as a query.
 */
class PreparedBatch {
  /** Set by runPrepared; the pg client may wrap it (query_timeout). */
  callback: Settle | undefined;
  private readonly known: Map<string, Described>;
  /** Statements described in this batch, by name, until the batch succeeds. */
  private readonly learned = new Map<string, Described>();
  private readonly results: StatementResult[] = [];
  private rows: Array<Record<string, unknown>> = [];
  private current: Described | null = null;
  private parses = false;
  private failure: Error | null = null;
  private settled = false;

  constructor(
    private readonly client: pg.PoolClient,
    private readonly statements: readonly BoundStatement[],
  ) {
    let known = preparedOn.get(client);
    if (!known) preparedOn.set(client, (known = new Map()));
    this.known = known;
  }

  submit(connection: { stream: { write(data: Buffer): boolean } }): Error | null {
    const parts: Buffer[] = [];
    const parsing = new Set<string>();
    try {
      for (const { statement, values } of this.statements) {
        const fresh = !this.known.has(statement.name) && !parsing.has(statement.name);
        if (fresh) {
          parsing.add(statement.name);
          parts.push(serialize.parse({ name: statement.name, text: statement.text, types: [] }));
        }
        parts.push(serialize.bind({ statement: statement.name, values: values as unknown[], valueMapper: prepareValue }));
        if (fresh) parts.push(serialize.describe({ type: 'P', name: '' }));
        parts.push(serialize.execute());
      }
    } catch (error) {
      // A value that cannot be sent: nothing was written, and pg hands this error to handleError.
      return error instanceof Error ? error : new Error(String(error));
    }
    parts.push(SYNC);
    this.parses = parsing.size > 0;
    connection.stream.write(Buffer.concat(parts));
    return null;
  }

  private statementAt(index: number): PreparedStatement {
    return this.statements[index]!.statement;
  }

  handleRowDescription(msg: { fields: FieldDescription[] }): void {
    const described: Described = {
      names: msg.fields.map((f) => f.name),
      parsers: msg.fields.map((f) => this.client.getTypeParser(f.dataTypeID, f.format) as (raw: string) => unknown),
    };
    this.learned.set(this.statementAt(this.results.length).name, described);
    this.current = described;
  }

  handleDataRow(msg: { fields: Array<string | null> }): void {
    if (this.failure) return;
    const name = this.statementAt(this.results.length).name;
    const described = this.current ?? this.known.get(name) ?? this.learned.get(name);
    if (!described) {
      this.failure = new Error(`rows from ${name} without a description`);
      return;
    }
    const row: Record<string, unknown> = {};
    try {
      for (let i = 0; i < described.names.length; i++) {
        const raw = msg.fields[i];
        row[described.names[i]!] = raw === null || raw === undefined ? null : described.parsers[i]!(raw);
      }
    } catch (error) {
      this.failure = error instanceof Error ? error : new Error(String(error));
      return;
    }
    this.rows.push(row);
  }

  handleCommandComplete(msg: { text: string }): void {
    const name = this.statementAt(this.results.length).name;
    if (!this.known.has(name) && !this.learned.has(name)) this.learned.set(name, { names: [], parsers: [] });
    const count = /\s(\d+)$/.exec(msg.text);
    this.results.push({ rows: this.rows, rowCount: count ? Number(count[1]) : null });
    this.rows = [];
    this.current = null;
  }

  handleEmptyQuery(): void {
    this.handleCommandComplete({ text: '' });
  }

  handlePortalSuspended(): void {
    // Execute asks for every row, so no portal is ever suspended.
  }

  handleCopyInResponse(): void {
    this.settle(new Error('COPY is not supported in a prepared batch'));
  }

  handleCopyData(): void {}

  /** The server's error (it then skips to the Sync), or the connection's. */
  handleError(error: Error): void {
    if (this.parses || STALE_STATEMENT_ERRORS.has((error as { code?: string }).code ?? '')) preparedStateUnknown.add(this.client);
    this.settle(error);
  }

  handleReadyForQuery(): void {
    if (this.failure) return this.settle(this.failure);
    for (const [name, described] of this.learned) this.known.set(name, described);
    this.settle(null, this.results);
  }

  private settle(error: Error | null, results?: StatementResult[]): void {
    if (this.settled) return;
    this.settled = true;
    this.callback?.(error, results);
  }
}

/**
 * Errors after which what this connection remembers no longer matches the server: a statement it prepared is gone
 * (26000: deallocated behind its back, as a pooler's DISCARD ALL does), or its result type changed under a
 * migration run by another process (0A000: "cached plan must not change result type").
 */
const STALE_STATEMENT_ERRORS = new Set(['26000', '0A000']);

/** Runs the statements in one round trip; the result of each, in order. */
export function runPrepared(client: pg.PoolClient, statements: readonly BoundStatement[]): Promise<StatementResult[]> {
  return new Promise((resolve, reject) => {
    const batch = new PreparedBatch(client, statements);
    batch.callback = (error, results) => (error ? reject(error) : resolve(results!));
    void client.query(batch as unknown as pg.QueryConfig);
  });
}

/**
 * After a failed batch that carried Parse messages, or that found a prepared statement stale: forget every prepared
 * statement on both sides (node-postgres's named queries too), so the next use parses again. Call it outside any
 * transaction (after ROLLBACK).
 */
export async function resetPreparedIfUnknown(client: pg.PoolClient): Promise<void> {
  if (!preparedStateUnknown.has(client)) return;
  await client.query('DEALLOCATE ALL');
  const connection = (client as unknown as { connection: { parsedStatements: Record<string, string> } }).connection;
  connection.parsedStatements = {};
  preparedOn.delete(client);
  preparedStateUnknown.delete(client);
}
