import assert from "node:assert/strict";
import {
  ConfigurationError,
  type Endpoint,
  paginate,
  ParameterError,
  patch,
  PlatformClient,
} from "../../mod.ts";
import { startEchoServer } from "../_helpers/echo_server.ts";

const patchUser: Endpoint = {
  name: "patchUser",
  method: "PATCH",
  path: "/api/v2/users/{userId}",
  params: [{ name: "userId", in: "path", required: true }, {
    name: "body",
    in: "body",
    required: true,
  }],
};
const getUsers: Endpoint = {
  name: "getUsers",
  method: "GET",
  path: "/api/v2/users",
  params: [
    { name: "pageSize", in: "query" },
    { name: "pageNumber", in: "query" },
    { name: "cursor", in: "query" },
    { name: "after", in: "query" },
  ],
};

interface UpdateUser {
  name?: string;
  title?: string;
  department?: string;
  version: number;
}

Deno.test("patch builder sends exactly the fields set, null included", async () => {
  await using srv = startEchoServer();
  const client = new PlatformClient({ basePath: srv.url, accessToken: "t" });
  const body = patch<UpdateUser>().set("title", null).set("name", "Ann").set("version", 4)
    .unset("name").build();
  await client.call(patchUser, ["u1", body]);
  assert.equal(srv.seen[0].body, '{"title":null,"version":4}');
  await client.call(patchUser, ["u1", patch<UpdateUser>().set("department", null)]);
  assert.equal(srv.seen[1].body, '{"department":null}');
  assert.throws(
    () => patch<UpdateUser>().set("name", undefined as unknown as string),
    (e) =>
      e instanceof ParameterError && e.parameter === "name" &&
      /use unset\("name"\)/.test(e.message),
  );
  // Every misuse is a typed error of the package's.
  await assert.rejects(
    paginate("users" as unknown as () => Promise<{ entities: [] }>).next(),
    (e) => e instanceof ParameterError && e.parameter === "list",
  );
  assert.throws(
    () => client.setHttpClient("fetch" as unknown as (r: Request) => Promise<Response>),
    (e) => e instanceof ConfigurationError && /transport must be a function/.test(e.message),
  );
});

Deno.test("paginate: pageNumber/pageCount stops on the last page", async () => {
  await using srv = startEchoServer();
  const client = new PlatformClient({ basePath: srv.url, accessToken: "t" });
  for (let n = 1; n <= 3; n++) {
    srv.reply(() =>
      Response.json({ entities: n < 3 ? [n * 10, n * 10 + 1] : [30], pageNumber: n, pageCount: 3 })
    );
  }
  const got: number[] = [];
  for await (
    const x of paginate((o) => client.call<{ entities: number[] }>(getUsers, [], o), {
      pageSize: 2,
    })
  ) got.push(x);
  assert.deepEqual(got, [10, 11, 20, 21, 30]);
  assert.deepEqual(srv.seen.map((r) => r.search), [
    "?pageSize=2",
    "?pageSize=2&pageNumber=2",
    "?pageSize=2&pageNumber=3",
  ]);
});

Deno.test("paginate: cursor in body, then after in nextUri, stop without next", async () => {
  await using srv = startEchoServer();
  const client = new PlatformClient({ basePath: srv.url, accessToken: "t" });
  srv.reply(() => Response.json({ entities: ["a"], cursor: "c2" }));
  srv.reply(() => Response.json({ entities: ["b"], nextUri: "/api/v2/users?after=a3&pageSize=1" }));
  srv.reply(() => Response.json({ entities: ["c"] }));
  const got: string[] = [];
  for await (const x of paginate((o) => client.call<{ entities: string[] }>(getUsers, [], o))) {
    got.push(x);
  }
  assert.deepEqual(got, ["a", "b", "c"]);
  assert.deepEqual(srv.seen.map((r) => r.search), ["", "?cursor=c2", "?after=a3"]);
});

Deno.test("paginate: a server repeating the same cursor cannot loop forever", async () => {
  let calls = 0;
  const list = () => {
    calls++;
    return Promise.resolve({ entities: [calls], cursor: "same" });
  };
  const got: number[] = [];
  for await (const x of paginate(list, {})) got.push(x as number);
  assert.deepEqual(got, [1, 2]);
  assert.equal(calls, 2);
});

Deno.test("paginate: cursors.after without nextUri (usage simple search results) reads every page", async () => {
  await using srv = startEchoServer();
  const client = new PlatformClient({ basePath: srv.url, accessToken: "t" });
  const { UsageApi } = await import("../../src/generated/apis/usage.js");
  const usage = new UsageApi(client);
  srv.reply(() => Response.json({ results: [{ n: 1 }], cursors: { after: "p2" } }));
  srv.reply(() => Response.json({ results: [{ n: 2 }], cursors: { before: "p1", after: "p3" } }));
  srv.reply(() => Response.json({ results: [{ n: 3 }], cursors: { before: "p2" } }));
  const got: unknown[] = [];
  for await (
    const row of paginate((o) => usage.getUsageSimplesearchExecutionIdResults("ex1", o), {
      pageSize: 1,
    })
  ) got.push(row);
  assert.deepEqual(got, [{ n: 1 }, { n: 2 }, { n: 3 }]);
  assert.deepEqual(srv.seen.map((r) => r.search), [
    "?pageSize=1",
    "?after=p2&pageSize=1",
    "?after=p3&pageSize=1",
  ]);
});
