import assert from "node:assert/strict";
import { ApiBase, GenesysCloudError, PlatformClient } from "../../mod.ts";
import {
  installOperations,
  operationEntries,
  operationName,
  parseOperation,
} from "../../src/operations/operations.ts";
import { startEchoServer } from "../_helpers/echo_server.ts";

Deno.test("parseOperation: every token kind and flag", () => {
  assert.deepEqual(
    parseOperation(
      "getThing",
      "GET /api/v2/things/{thingId} !/thingId !?kind ?expand* ?ids ?tags~pipes ?edgeGroupId=edgeGroup.id ^ifMatch=If-Match",
    ),
    {
      name: "getThing",
      method: "GET",
      path: "/api/v2/things/{thingId}",
      params: [
        { name: "thingId", in: "path", required: true },
        { name: "kind", in: "query", required: true },
        { name: "expand", in: "query", format: "multi" },
        { name: "ids", in: "query" },
        { name: "tags", in: "query", format: "pipes" },
        { name: "edgeGroupId", in: "query", wire: "edgeGroup.id" },
        { name: "ifMatch", in: "header", wire: "If-Match" },
      ],
    },
  );
  assert.deepEqual(
    parseOperation(
      "putScim",
      "PUT /api/v2/scim/users/{userId} !/userId !$body @ct=application/scim+json @accept=application/scim+json",
    ),
    {
      name: "putScim",
      method: "PUT",
      path: "/api/v2/scim/users/{userId}",
      params: [{ name: "userId", in: "path", required: true }, {
        name: "body",
        in: "body",
        required: true,
      }],
      contentType: "application/scim+json",
      accept: "application/scim+json",
    },
  );
  const flags = parseOperation("x", "DELETE /x @guest @none");
  assert.equal(flags.auth, "guest");
  assert.equal(flags.response, "none");
  assert.equal(parseOperation("y", "GET /y @noauth @text").auth, "none");
  assert.equal(parseOperation("z", "GET /z @webmessaging").auth, "webmessaging");
});

Deno.test("parseOperation: a relative path is under /api/v2/, an absolute one is kept", () => {
  const relative = parseOperation("getUser", "GET users/{userId} ?expand*");
  assert.equal(relative.path, "/api/v2/users/{userId}");
  assert.deepEqual(relative.params[0], { name: "userId", in: "path", required: true });
  assert.deepEqual(
    parseOperation("getUser", "GET users/{userId} ?expand*"),
    parseOperation("getUser", "GET /api/v2/users/{userId} ?expand*"),
  );
  assert.equal(parseOperation("getThing", "GET {thingId}/x").path, "/api/v2/{thingId}/x");
  assert.equal(parseOperation("getToken", "GET /oauth/token").path, "/oauth/token");
});

Deno.test("parseOperation: malformed specs name the operation and the token", () => {
  assert.throws(() => parseOperation("a", "FETCH /x"), /operation a: cannot read "FETCH"/);
  assert.throws(() => parseOperation("b", "GET"), /operation b: cannot read ""/);
  assert.throws(() => parseOperation("b", "GET !$body"), /operation b: cannot read "!\$body"/);
  assert.throws(() => parseOperation("b", "GET ?expand*"), /operation b: cannot read "\?expand\*"/);
  assert.throws(
    () => parseOperation("c", "GET /x %oops"),
    /cannot read "%oops" in spec "GET \/x %oops"/,
  );
  assert.throws(() => parseOperation("d", "GET /x @wat"), /cannot read "@wat"/);
  assert.throws(() => parseOperation("e", "GET /x ?a~csvx"), /cannot read "\?a~csvx"/);
  assert.throws(() => parseOperation("f", "GET /x ?=wire"), /cannot read "\?=wire"/);
  assert.deepEqual(parseOperation("g", "GET /x !?a=b.c~pipes ^h @accept=text/csv @noauth"), {
    name: "g",
    method: "GET",
    path: "/x",
    params: [{ name: "a", in: "query", wire: "b.c", format: "pipes", required: true }, {
      name: "h",
      in: "header",
    }],
    accept: "text/csv",
    auth: "none",
  });
});

class ThingsApi extends ApiBase {
  constructor(client?: PlatformClient) {
    // The string form generated API files use: one operation per line.
    super(
      client,
      `
      getThing GET /api/v2/things/{thingId} !/thingId ?expand*
      putThing PUT /api/v2/things/{thingId} !/thingId !$body
      `,
    );
  }
}
interface ThingsApi {
  getThing(thingId: string, opts?: { expand?: string[] }): Promise<unknown>;
  putThing(thingId: string, body: object): Promise<unknown>;
}

class CustomThingsApi extends ThingsApi {
  override getThing(): Promise<unknown> {
    return Promise.resolve("overridden");
  }
}

Deno.test("installed methods send positional args and opts; subclasses can override", async () => {
  await using srv = startEchoServer();
  const client = new PlatformClient({ basePath: srv.url, accessToken: "t" });
  const api = new ThingsApi(client);
  await api.getThing("a/b", { expand: ["x", "y"] });
  await api.putThing("t1", { n: null });
  assert.equal(srv.seen[0].path + srv.seen[0].search, "/api/v2/things/a%2Fb?expand=x&expand=y");
  assert.equal(srv.seen[1].method, "PUT");
  assert.equal(srv.seen[1].body, '{"n":null}');
  assert.equal(ThingsApi.prototype.getThing.name, "getThing");
  assert.ok(!Object.keys(ThingsApi.prototype).includes("getThing"), "methods are not enumerable");
  assert.equal(await new CustomThingsApi(client).getThing(), "overridden");
  assert.equal(srv.seen.length, 2);
  await assert.rejects(
    api.getThing(undefined as unknown as string),
    /getThing: parameter "thingId" is required/,
  );
});

Deno.test("installOperations leaves names the prototype already has", () => {
  const proto = { getThing: () => "mine" };
  installOperations(proto, "getThing GET /x\nother GET /y");
  assert.equal(proto.getThing(), "mine");
  assert.equal(typeof (proto as Record<string, unknown>).other, "function");
});

Deno.test("operationEntries reads a table line by line and refuses malformed lines", () => {
  const expected = [
    ["getThing", "GET /api/v2/things/{thingId} !/thingId ?expand*"],
    ["postThing", "POST /api/v2/things !$body @ct=application/scim+json"],
  ];
  assert.deepEqual(
    operationEntries(
      "\ngetThing GET /api/v2/things/{thingId} !/thingId ?expand*\n\n  postThing POST /api/v2/things !$body @ct=application/scim+json  \n",
    ),
    expected,
  );
  assert.deepEqual(operationEntries(""), []);
  assert.throws(() => operationEntries("getThing"), /malformed operation table line "getThing"/);
  assert.throws(
    () => operationEntries("get-thing GET /x"),
    /malformed operation table line "get-thing GET \/x"/,
  );
  // Without a name, the line is the spec and the name comes from method and path.
  assert.deepEqual(operationEntries("GET things/{thingId} ?expand*\nDELETE /api/v2/things"), [
    ["getThing", "GET things/{thingId} ?expand*"],
    ["deleteApiV2Things", "DELETE /api/v2/things"],
  ]);
  assert.throws(() => operationEntries("GET"), /malformed operation table line "GET"/);
  assert.throws(() => operationEntries("GET ?a"), /malformed operation table line "GET \?a"/);
});

Deno.test("operationEntries expands path references from the previous line's path", () => {
  const table = `
GET users/{userId}/routinglanguages ?pageSize
POST 2/routingskills/bulk
PATCH 4
DELETE 2 @none
getUserSkills GET 2/routingskills ?pageSize
GET 1/{userId}/routingskills/{skillId}
PUT 4
GET /api/v2/other/{otherId}/things
DELETE 5/{thingId} !/thingId
`;
  assert.deepEqual(operationEntries(table), [
    ["getUserRoutinglanguages", "GET users/{userId}/routinglanguages ?pageSize"],
    // `2/routingskills/bulk`: the first 2 segments of the line before, then the rest.
    ["postUserRoutingskillsBulk", "POST users/{userId}/routingskills/bulk"],
    // A bare count: those segments and nothing more (here the whole path).
    ["patchUserRoutingskillsBulk", "PATCH users/{userId}/routingskills/bulk"],
    ["deleteUser", "DELETE users/{userId} @none"],
    // A named line: the reference is the path after its method; the name is kept.
    ["getUserSkills", "GET users/{userId}/routingskills ?pageSize"],
    // Names come from the full path (`2/...` alone would give another name).
    ["getUserRoutingskill", "GET users/{userId}/routingskills/{skillId}"],
    ["putUserRoutingskill", "PUT users/{userId}/routingskills/{skillId}"],
    // Absolute paths: their first segment is the empty one before the leading `/`.
    ["getApiV2OtherOtherIdThings", "GET /api/v2/other/{otherId}/things"],
    ["deleteApiV2OtherOtherId", "DELETE /api/v2/other/{otherId}/{thingId} !/thingId"],
  ]);
  // Each reference is read against the expanded path of the line before, not as written.
  assert.deepEqual(operationEntries("GET a/b/c/d\nGET 3/x\nGET 4/y").map(([, s]) => s), [
    "GET a/b/c/d",
    "GET a/b/c/x",
    "GET a/b/c/x/y",
  ]);
  // The endpoints the methods call have the full paths.
  const proto = {};
  installOperations(proto, "GET users/{userId}\nGET 2/routingskills");
  assert.deepEqual(Object.getOwnPropertyNames(proto), ["getUser", "getUserRoutingskills"]);
  assert.equal(
    parseOperation(...operationEntries("GET users/{userId}\nGET 2/routingskills")[1]).path,
    "/api/v2/users/{userId}/routingskills",
  );
  // A digit inside a path, or a first segment that is not only digits, is no reference.
  assert.deepEqual(operationEntries("GET a/b\nGET 2fa/x\nGET 1/v2"), [
    ["getAB", "GET a/b"],
    ["get2faX", "GET 2fa/x"],
    ["get2faV2", "GET 2fa/v2"],
  ]);
});

Deno.test("operationEntries refuses a path reference with no previous path or too many segments", () => {
  const refused: [string, RegExp][] = [
    [
      "GET 2/routingskills",
      /line "GET 2\/routingskills": path reference 2 does not fit the previous path/,
    ],
    ["GET 1", /line "GET 1": path reference 1 does not fit/],
    ["getX GET 1/x", /line "getX GET 1\/x": path reference 1 does not fit/],
    [
      "GET users/{userId}\nGET 3/routingskills",
      /line "GET 3\/routingskills": path reference 3 does not fit/,
    ],
    ["GET users/{userId}\nDELETE 3", /line "DELETE 3": path reference 3 does not fit/],
    ["GET users/{userId}\nGET 0/x", /line "GET 0\/x": path reference 0 does not fit/],
    ["GET /x\nGET 3/y", /line "GET 3\/y": path reference 3 does not fit/],
  ];
  for (const [table, message] of refused) {
    assert.throws(() => operationEntries(table), (error: unknown) => {
      assert.ok(error instanceof GenesysCloudError, table);
      assert.match(error.message, message);
      return true;
    });
  }
  // Blank lines do not count as the previous line; a malformed line stops the whole table.
  assert.throws(() => operationEntries("\n\nGET 1/x\n"), /path reference 1 does not fit/);
  const proto = {};
  assert.throws(() => installOperations(proto, "GET a/b\nGET 9/c"), GenesysCloudError);
  assert.deepEqual(Object.getOwnPropertyNames(proto), []);
});

Deno.test("operationName: the official SDKs' names from method and path", () => {
  const cases: [string, string, string][] = [
    ["GET", "users/me", "getUsersMe"],
    ["GET", "users/{userId}", "getUser"],
    ["GET", "users/{userId}/routingskills", "getUserRoutingskills"],
    ["DELETE", "users/{userId}/routingskills/{skillId}", "deleteUserRoutingskill"],
    ["PATCH", "recording/mediaretentionpolicies/{policyId}", "patchRecordingMediaretentionpolicy"],
    ["GET", "routing/sms/addresses/{addressId}", "getRoutingSmsAddress"],
    [
      "GET",
      "taskmanagement/worktypes/{worktypeId}/statuses/{statusId}",
      "getTaskmanagementWorktypeStatus",
    ],
    ["GET", "contentmanagement/status/{statusId}", "getContentmanagementStatusStatusId"],
    ["GET", "scripts/published/{scriptId}/variables", "getScriptsPublishedScriptIdVariables"],
    ["POST", "analytics/conversations/details/query", "postAnalyticsConversationsDetailsQuery"],
    ["GET", "flows/datatables/{datatableId}/rows/{rowId}", "getFlowsDatatableRow"],
    [
      "PUT",
      "telephony/providers/edges/{edgeId}/softwareupdate",
      "putTelephonyProvidersEdgeSoftwareupdate",
    ],
    [
      "GET",
      "oauth/clients/{clientId}/usage/query/results/{executionId}",
      "getOauthClientUsageQueryResult",
    ],
  ];
  for (const [method, path, name] of cases) assert.equal(operationName(method, path), name, path);
});

Deno.test("operationName: every generated table line without a name parses to the official name", async () => {
  // The generator leaves a name out only when the runtime derives it: the .d.ts declares each.
  const dir = new URL("../../src/generated/apis/", import.meta.url);
  let unnamed = 0;
  for await (const entry of Deno.readDir(dir)) {
    if (!entry.name.endsWith(".js")) continue;
    const js = await Deno.readTextFile(new URL(entry.name, dir));
    const dts = await Deno.readTextFile(new URL(entry.name.replace(/\.js$/, ".d.ts"), dir));
    const table = js.slice(js.indexOf("const OPERATIONS = `") + 20, js.indexOf("`;\n"));
    unnamed += table.split("\n").filter((l) => /^(GET|POST|PUT|PATCH|DELETE|HEAD) /.test(l)).length;
    for (const [name] of operationEntries(table)) {
      assert.match(dts, new RegExp(`\\n {2}${name}\\(`), `${entry.name}: ${name} is not declared`);
    }
  }
  assert.ok(unnamed > 2700, `${unnamed} lines leave the name to operationName`);
});

Deno.test("installOperations with a string table defines nothing when a line is malformed", () => {
  const proto = {};
  assert.throws(() => installOperations(proto, "getA GET /a\n9bad GET /b"), /malformed/);
  assert.deepEqual(Object.getOwnPropertyNames(proto), []);
});

Deno.test("parseOperation: path parameters left unsaid come from the path, first and in order", () => {
  assert.deepEqual(
    parseOperation("putRole", "PUT /api/v2/users/{userId}/roles/{roleId} !$body ?force"),
    {
      name: "putRole",
      method: "PUT",
      path: "/api/v2/users/{userId}/roles/{roleId}",
      params: [
        { name: "userId", in: "path", required: true },
        { name: "roleId", in: "path", required: true },
        { name: "body", in: "body", required: true },
        { name: "force", in: "query" },
      ],
    },
  );
  // Any path token means the spec lists them all.
  assert.deepEqual(
    parseOperation("getX", "GET /x/{a}/{b} !/b !/a").params.map((p) => p.name),
    ["b", "a"],
  );
});
