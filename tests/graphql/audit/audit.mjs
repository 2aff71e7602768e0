// Runs graphql-http's server audit against a URL and prints each result as JSON.
// Usage: node audit.mjs http://127.0.0.1:8000/graphql TOKEN
import { auditServer } from "graphql-http";

const [url, token] = process.argv.slice(2);
const fetchFn = (input, init = {}) => {
  const headers = new Headers(init.headers || {});
  headers.set("authorization", `Bearer ${token}`);
  return fetch(input, { ...init, headers });
};
const results = await auditServer({ url, fetchFn });
const out = [];
for (const result of results) {
  out.push({ id: result.id, name: result.name, status: result.status, reason: result.reason ?? null });
}
console.log(JSON.stringify(out));
