// One async interface over the two databases the server can keep its state in: SQLite (the embedded
// default, DATA_DIR/assistant.db) and PostgreSQL (DATABASE_URL, shared by replicas). Stores write their SQL
// once with `?` placeholders in the subset both engines accept; the few places the engines differ ask
// `dialect` (or use dialect.ts).
export type Dialect = "sqlite" | "postgres";
export type SqlParam = string | number | null;

export interface SqlRunner {
  readonly dialect: Dialect;
  all<T>(sql: string, params?: readonly SqlParam[]): Promise<T[]>;
  get<T>(sql: string, params?: readonly SqlParam[]): Promise<T | undefined>;
  /** A statement without rows; `changes` is the number of rows it inserted, updated or deleted. */
  run(sql: string, params?: readonly SqlParam[]): Promise<{ changes: number }>;
}

export interface SqlDb extends SqlRunner {
  /** Runs `fn` in one transaction (its statements go through `tx`): committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T>;
  /** False once closed (background work stops quietly). */
  readonly open: boolean;
  close(): Promise<void>;
}
