// An official-SDK program as ES module with async/await and extended responses: it reads
// `status`, `headers[...]` and `body` of answers and errors, and waits as `retry-after` says.
import platformClient from "purecloud-platform-client-v2";

const client = platformClient.ApiClient.instance;
client.setGateway({ host: "127.0.0.1", port: Number(process.env.SANDBOX_PORT), protocol: "http" });
client.setReturnExtendedResponses(true);
await client.loginClientCredentialsGrant(
  process.env.GENESYS_CLOUD_CLIENT_ID,
  process.env.GENESYS_CLOUD_CLIENT_SECRET,
);
const token = client.authData.accessToken;
client.authentications["PureCloud OAuth"].accessToken = token;

const routingApi = new platformClient.RoutingApi();
async function withRetry(call) {
  for (let attempt = 1;; attempt++) {
    try {
      return await call();
    } catch (err) {
      // deno-lint-ignore no-prototype-builtins -- official code reads errors this way
      if (err.status === 429 && err.headers.hasOwnProperty("retry-after") && attempt < 3) {
        console.log(`429, retry-after ${err.headers["retry-after"]} s (${err.body.code})`);
        await new Promise((resolve) => setTimeout(resolve, 10));
        continue;
      }
      throw err;
    }
  }
}

const res = await withRetry(() => routingApi.getRoutingQueues({ pageSize: 2, pageNumber: 1 }));
console.log(
  `status ${res.status}, ${res.body.entities.length} queues of ${res.body.total}, correlation id: ${typeof res
    .headers["inin-correlation-id"]}`,
);
const queue = await routingApi.getRoutingQueue(res.body.entities[0].id);
console.log(`queue ${queue.body.name}: ${queue.status}`);
try {
  await routingApi.getRoutingQueue("no-such-queue");
} catch (err) {
  console.log(
    `error ${err.status} ${err.body.code}, has correlation id: ${
      // deno-lint-ignore no-prototype-builtins -- official code reads errors this way
      err.headers.hasOwnProperty("inin-correlation-id")}`,
  );
}
client.setReturnExtendedResponses(false);
const plain = await new platformClient.UsersApi().getUsers({ pageSize: 1 });
console.log(`plain: ${plain.entities.length} user, total ${plain.total}`);
