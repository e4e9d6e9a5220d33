// Runs graphql-http's server audit against the URL given as the first argument and
// prints its results as JSON lines: {status, id, name, reason}.
import { auditServer } from "graphql-http";

const results = await auditServer({ url: process.argv[2], fetchFn: fetch });
for (const result of results) {
  const reason = result.status === "ok" ? null : result.reason;
  console.log(JSON.stringify({ status: result.status, id: result.id, name: result.name, reason }));
}
