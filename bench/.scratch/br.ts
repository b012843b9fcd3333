import { buildRequest } from "../../src/core/request.ts";
const ep = { name: "getUser", method: "GET" as const, path: "/api/v2/users/{userId}", params: [
  { name: "userId", in: "path" as const, required: true },
  { name: "expand", in: "query" as const, format: "multi" as const },
  { name: "integrationPresenceSource", in: "query" as const },
  { name: "state", in: "query" as const },
] };
const N = 200000;
for (let r = 0; r < 3; r++) {
  const t = performance.now();
  for (let i = 0; i < N; i++) buildRequest(ep, ["4c2a1f7e-9a43-4d7b-8a55-2f1c0e6b9d31"], undefined, "http://127.0.0.1:1234", undefined);
  console.log(((performance.now() - t) * 1000 / N).toFixed(2), "µs buildRequest");
}
