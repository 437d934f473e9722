// `npm run db:export -- --out evidence.jsonl` / `npm run db:import -- --in evidence.jsonl`
// Every row of the database at DATABASE_URL as JSON lines, and back into an
// empty database of either engine (lib/shared/transfer.ts). Moving SQLite to
// PostgreSQL: export with the SQLite DATABASE_URL, import with the PostgreSQL one.
import { parseArgs } from "node:util";
import { migrate } from "./migrate.mjs";

const { values, positionals } = parseArgs({ options: { out: { type: "string" }, in: { type: "string" } }, allowPositionals: true });

async function main() {
  const command = positionals[0];
  migrate({ quiet: true });
  const { exportDatabase, importDatabase } = await import("@/lib/shared/transfer");
  if (command === "export") {
    if (!values.out) throw new Error("--out <file> is required");
    const counts = await exportDatabase(values.out);
    console.log(`Exported ${Object.values(counts).reduce((a, b) => a + b, 0)} rows to ${values.out}: ${Object.entries(counts).filter(([, n]) => n).map(([t, n]) => `${t} ${n}`).join(", ")}`);
  } else if (command === "import") {
    if (!values.in) throw new Error("--in <file> is required");
    const { counts, versionsChecked } = await importDatabase(values.in);
    console.log(`Imported ${Object.values(counts).reduce((a, b) => a + b, 0)} rows from ${values.in}; ${versionsChecked} packet version hashes re-checked.`);
  } else {
    throw new Error("usage: db-transfer export --out <file> | import --in <file>");
  }
  process.exit(0);
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
