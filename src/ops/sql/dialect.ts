// The few expressions the two engines spell differently.
import type { Dialect } from "./sql-db.js";

/** The YYYY-MM-DD China day (UTC+8, no daylight saving) of `column`, an epoch-ms time. */
export function chinaDaySql(dialect: Dialect, column = "created_at"): string {
  return dialect === "sqlite"
    ? `date(${column} / 1000, 'unixepoch', '+8 hours')`
    : `to_char(to_timestamp((${column} + 28800000) / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD')`;
}

/** 1 when `condition` holds, else 0 (SQLite sums booleans, PostgreSQL does not). */
export const flag = (condition: string): string => `CASE WHEN ${condition} THEN 1 ELSE 0 END`;
