// DuckDB peer for the read step (make bench): read_csv over the same spend
// file, amounts and payment dates parsed, spend summed per supplier, on
// THREADS threads.  Usage: node peer_duckdb.mjs SPEND.csv THREADS
// Prints the query's wall time in seconds, the suppliers and the total.
import { DuckDBInstance } from '@duckdb/node-api';

const [spend, threads] = process.argv.slice(2);
const t0 = performance.now();
const db = await DuckDBInstance.create(':memory:', { threads: String(threads || 1) });
const con = await db.connect();
const path = spend.replaceAll("'", "''");
const sql = `
SELECT count(*) AS suppliers, sum(n) AS rows, sum(total) AS total FROM (
  SELECT "Supplier ID" AS id, count(*) AS n,
         sum(CAST(replace(replace("Amount", '£', ''), ',', '') AS DECIMAL(18, 2))) AS total,
         min(strptime("Payment Date", '%d/%m/%Y')) AS first,
         max(strptime("Payment Date", '%d/%m/%Y')) AS last,
         any_value("Supplier Name") AS name, any_value("Expense Type") AS expense
  FROM read_csv('${path}', header = true, all_varchar = true)
  GROUP BY "Supplier ID")`;
const reader = await con.runAndReadAll(sql);
const [row] = reader.getRowsJS();
const secs = (performance.now() - t0) / 1000;
console.log(`${secs.toFixed(3)} ${row[0]} ${row[1]} ${row[2]}`);
