import { ApiPromise } from "../../src/core/api_promise.ts";
const resp = { data: { id: "x" }, status: 200, headers: new Headers(), correlationId: undefined, rateLimit: undefined };
const N = 300000;
for (let r = 0; r < 3; r++) {
  let t = performance.now();
  for (let i = 0; i < N; i++) await (async () => resp)().then((x) => x.data);
  const plain = (performance.now() - t) * 1000 / N;
  t = performance.now();
  for (let i = 0; i < N; i++) await new ApiPromise((async () => resp)());
  const ap = (performance.now() - t) * 1000 / N;
  console.log(`plain ${plain.toFixed(3)} µs, ApiPromise ${ap.toFixed(3)} µs`);
}
