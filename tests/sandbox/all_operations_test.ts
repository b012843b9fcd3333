/**
 * The sandbox answers every operation of the definition: a valid request for each of them,
 * sent through the generated API methods (`src/generated/apis/*.js` with a `PlatformClient`
 * whose transport is the in-process sandbox), gets a 2xx whose body is valid against the
 * operation's schema (checked with npm `ajv` against the raw definition), with the operation's
 * own status and content type. Never the 404 of an unknown operation.
 */

import assert from "node:assert/strict";
import { ApiError, PlatformClient } from "../../mod.ts";
import { createSandboxHandler } from "../../tools/sandbox/mod.ts";
import { JOB_FAMILIES } from "../../src/generated/jobs.ts";
import {
  definition,
  generatedMethods,
  type Json,
  operations,
  paramText,
  type RawOperation,
  responseValidator,
  validValue,
} from "./_definition.ts";

const ORIGIN = "http://sandbox.test";
const METHOD_ORDER = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];

interface Outcome {
  key: string;
  status: number;
  type: string;
  problem?: string;
}

/** The id of the first entity a collection lists, or of one created by its `POST`. */
async function someId(
  sandbox: (r: Request) => Promise<Response>,
  token: string,
  doc: Json,
  path: string,
  collection: Json,
): Promise<string | undefined> {
  const firstId = async (res: Response, listed: boolean) => {
    const text = await res.text();
    if (!res.ok || !(res.headers.get("content-type") ?? "").includes("json")) return undefined;
    const body = JSON.parse(text);
    const first = !listed
      ? body
      : Array.isArray(body)
      ? body[0]
      : body?.entities?.[0] ?? body?.Resources?.[0];
    return typeof first?.id === "string" ? first.id : undefined;
  };
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  if (collection.get) {
    const query = new URLSearchParams();
    for (const p of collection.get.parameters ?? []) {
      if (p.required && p.in === "query") query.set(p.name, paramText(p));
    }
    const url = `${ORIGIN}${path}${query.size > 0 ? `?${query}` : ""}`;
    const id = await firstId(await sandbox(new Request(url, { headers })), true);
    if (id !== undefined) return id;
  }
  if (collection.post) {
    const bodyParam = collection.post.parameters?.find((p: Json) => p.in === "body");
    const body = bodyParam ? JSON.stringify(validValue(doc, bodyParam.schema, "body")) : undefined;
    return await firstId(
      await sandbox(new Request(`${ORIGIN}${path}`, { method: "POST", headers, body })),
      false,
    );
  }
  return undefined;
}

/** Path parameters: an id of an existing entity where the path's prefix is a collection. */
async function pathValues(
  sandbox: (r: Request) => Promise<Response>,
  token: string,
  doc: Json,
  raw: RawOperation,
  listings: Map<string, string | undefined>,
  known: Record<string, Record<string, string>>,
): Promise<Record<string, string>> {
  const values: Record<string, string> = {};
  const segments = raw.path.split("/");
  const params = (raw.op.parameters ?? []) as Json[];
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    if (!seg.startsWith("{")) continue;
    const name = seg.slice(1, -1);
    const spec = params.find((p) => p.in === "path" && p.name === name) ?? { type: "string", name };
    let value: string | undefined;
    const prefixTemplate = segments.slice(0, i).join("/");
    const collection = doc.paths[prefixTemplate];
    if (known[`${raw.method} ${raw.path}`]?.[name] !== undefined) {
      value = known[`${raw.method} ${raw.path}`][name];
    } else if (known.webchat[name] !== undefined && raw.path.startsWith("/api/v2/webchat/guest/")) {
      value = known.webchat[name];
    } else if (!spec.enum && spec.type === "string" && (collection?.get || collection?.post)) {
      // Like a client would: the id of a listed entity, else of one created for the purpose.
      const prefix = positionalPath(prefixTemplate, values);
      const credential = prefix.startsWith("/api/v2/webchat/guest/") ? known.webchat.jwt : token;
      if (!listings.has(prefix)) {
        listings.set(prefix, await someId(sandbox, credential, doc, prefix, collection));
      }
      value = listings.get(prefix);
    }
    values[name] = value ?? paramText(spec);
  }
  return values;
}

Deno.test("every operation answers a valid request with a 2xx valid against its schema", async () => {
  const doc = await definition();
  const validatorFor = responseValidator(doc);
  const methods = await generatedMethods();
  const sandbox = createSandboxHandler({ recordRequests: false });
  const token = await sandbox.issueAccessToken({ userId: sandbox.credentials.user.id });

  let last: { status: number; type: string; text: string } | undefined;
  const client = new PlatformClient({
    basePath: ORIGIN,
    loginBasePath: ORIGIN,
    accessToken: token,
    retry: { retryMax: 0 },
    transport: async (request) => {
      const response = await sandbox(request);
      last = {
        status: response.status,
        type: response.headers.get("content-type") ?? "",
        text: await response.clone().text(),
      };
      return response;
    },
  });
  // Guest chat and web messaging credentials, obtained from the sandbox like a client would.
  // The hand-written routes want the sandbox's own ids in these bodies.
  const { webChat, webDeployment } = sandbox.credentials;
  const bodies: Record<string, Json> = {
    "POST /api/v2/webchat/guest/conversations": {
      organizationId: webChat.organizationId,
      deploymentId: webChat.deploymentId,
      routingTarget: { targetType: "QUEUE", targetAddress: webChat.queueName },
      memberInfo: { displayName: "Guest" },
    },
    "POST /api/v2/webdeployments/token/oauthcodegrantjwtexchange": {
      deploymentId: webDeployment.deploymentId,
      grantType: "code",
      oauth: { code: "code", redirectUri: "https://example.com/cb" },
    },
  };
  const post = async (path: string) =>
    await (await sandbox(
      new Request(`${ORIGIN}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(bodies[`POST ${path}`]),
      }),
    )).json();
  // Guest chat and web messaging credentials, obtained from the sandbox like a client would.
  const chat = await post("/api/v2/webchat/guest/conversations");
  client.setGuestToken(chat.jwt);
  // A message from the guest, so that the chat's messages can be read one by one.
  await sandbox(
    new Request(
      `${ORIGIN}/api/v2/webchat/guest/conversations/${chat.id}/members/${chat.member.id}/messages`,
      {
        method: "POST",
        headers: { authorization: `Bearer ${chat.jwt}`, "content-type": "application/json" },
        body: JSON.stringify({ body: "Hello", bodyType: "standard" }),
      },
    ),
  ).then((r) => r.text());
  const exchange = await post("/api/v2/webdeployments/token/oauthcodegrantjwtexchange");
  client.setWebMessagingToken(exchange.jwt);
  bodies["POST /api/v2/webdeployments/token/refresh"] = {
    deploymentId: webDeployment.deploymentId,
    refreshToken: exchange.refreshToken,
  };
  // Ids the hand-written routes know (their seeded downloads and recorded conversations).
  const [conversationId, recordings] = [...sandbox.state.recordings][0];
  const recorded = { conversationId, recordingId: recordings[0].id };
  const known: Record<string, Record<string, string>> = {
    webchat: { conversationId: chat.id, memberId: chat.member.id, jwt: chat.jwt },
    "GET /api/v2/downloads/{downloadId}": { downloadId: [...sandbox.state.downloads.keys()][0] },
    "GET /api/v2/conversations/{conversationId}/recordingmetadata": recorded,
    "GET /api/v2/conversations/{conversationId}/recordingmetadata/{recordingId}": recorded,
    "GET /api/v2/conversations/{conversationId}/recordings/{recordingId}": recorded,
  };
  // A JSON answer rather than the default 303 to the signed URL.
  const extraOptions: Record<string, Record<string, unknown>> = {
    "GET /api/v2/downloads/{downloadId}": { issueRedirect: false },
  };

  // Reads first, deletions last; the last of all revokes the token the others use.
  const rank = (o: RawOperation) =>
    o.path === "/api/v2/tokens/me" && o.method === "DELETE" ? 99 : METHOD_ORDER.indexOf(o.method);
  const all = operations(doc).sort((a, b) => rank(a) - rank(b));
  assert.equal(all.length, 2657);
  const listings = new Map<string, string | undefined>();
  const outcomes: Outcome[] = [];
  // The sandbox runs jobs as state machines: a job's results are there once it is done, so its
  // status is read first, as a client polls it.
  const results = new Set(Object.values(JOB_FAMILIES).flatMap((f) => f.results ? [f.results] : []));
  for (const raw of all) {
    const key = `${raw.method} ${raw.path}`;
    const generated = methods.get(key);
    if (!generated) {
      outcomes.push({ key, status: 0, type: "", problem: "no generated method" });
      continue;
    }
    const params = (raw.op.parameters ?? []) as Json[];
    const paths = await pathValues(sandbox, token, doc, raw, listings, known);
    const byWire = new Map<string, unknown>();
    for (const p of params) {
      if (p.in === "path") byWire.set(p.name, paths[p.name]);
      else if (p.in === "body") {
        byWire.set("body", structuredClone(bodies[key]) ?? validValue(doc, p.schema, "body"));
      } else if (p.required) {
        byWire.set(p.name, p.type === "array" ? [paramText(p)] : paramText(p));
      }
    }
    const positional: unknown[] = [];
    const opts: Record<string, unknown> = { ...extraOptions[key] };
    for (const p of generated.endpoint.params) {
      const value = byWire.get(p.in === "body" ? "body" : p.wire ?? p.name);
      if (p.required) positional.push(value);
      else if (value !== undefined) opts[p.name] = value;
    }
    if (results.has(generated.name)) {
      const status = `${ORIGIN}${positionalPath(raw.path, paths).replace(/\/results$/, "")}`;
      for (let i = 0; i < sandbox.jobs.pollsToFinish; i++) {
        const headers = { authorization: `Bearer ${token}` };
        await (await sandbox(new Request(status, { headers }))).text();
      }
    }
    const api = new generated.api(client);
    const send = async () => {
      last = undefined;
      try {
        await api[generated.name](...positional, opts);
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
      }
      return last!;
    };
    let reply = await send();
    if (reply.status === 409 && typeof (byWire.get("body") as Json)?.version === "number") {
      // A stale version (an earlier update of the same entity): read it back and retry.
      const current = await (await sandbox(
        new Request(`${ORIGIN}${positionalPath(raw.path, paths)}`, {
          headers: { authorization: `Bearer ${token}` },
        }),
      )).json();
      (byWire.get("body") as Json).version = current.version;
      reply = await send();
    }
    const outcome: Outcome = { key, status: reply.status, type: reply.type.split(";")[0] };
    // The operation's own status: 200 when declared, else its lowest 2xx; 204 when none.
    const declared = Object.keys(raw.op.responses).filter((c) => /^2/.test(c)).map(Number).sort();
    // A HEAD without a declared 2xx answers 204, except the notifications channel check, which
    // answers 200 as the real service does (its route is the notifications service's own).
    const channelHead = raw.method === "HEAD" &&
      raw.path === "/api/v2/notifications/channels/{channelId}";
    const expected = channelHead
      ? 200
      : declared.length === 0
      ? 204
      : declared.includes(200)
      ? 200
      : declared[0];
    const schema = raw.op.responses[String(expected)]?.schema;
    const expectedType = schema && raw.method !== "HEAD"
      ? (raw.op.produces ?? ["application/json"])[0]
      : "";
    if (reply.status < 200 || reply.status > 299) {
      outcome.problem = `${reply.status}: ${reply.text.slice(0, 300)}`;
    } else if (reply.status !== expected) {
      outcome.problem = `status ${reply.status}, expected ${expected}`;
    } else if (outcome.type !== expectedType) {
      outcome.problem = `content type "${outcome.type}", expected "${expectedType}"`;
    } else {
      if (schema && raw.method !== "HEAD") {
        const body = outcome.type.includes("json") ? JSON.parse(reply.text) : reply.text;
        const validate = validatorFor(schema);
        if (!validate(body)) {
          outcome.problem = `invalid body: ${JSON.stringify(validate.errors?.slice(0, 3))}`;
        }
      } else if (reply.text !== "") {
        outcome.problem = `a body where the definition declares none: ${reply.text.slice(0, 100)}`;
      }
    }
    outcomes.push(outcome);
  }

  const unknown = outcomes.filter((o) => o.problem?.includes("operation.not.found"));
  assert.deepEqual(unknown.map((o) => o.key), [], "operations answered as unknown");
  const failed = outcomes.filter((o) => o.problem);
  assert.deepEqual(
    failed.map((o) => `${o.key} -> ${o.problem}`),
    [],
    `${failed.length} of ${outcomes.length} operations failed`,
  );
  // Every kind of answer the definition has was given.
  const count = (f: (o: Outcome) => boolean) => outcomes.filter(f).length;
  assert.equal(count((o) => o.status >= 200 && o.status <= 299), 2657);
  assert.ok(count((o) => o.status === 201) > 0 && count((o) => o.status === 202) > 0);
  assert.equal(count((o) => o.type === "text/plain"), 2);
  assert.equal(count((o) => o.type === "text/calendar"), 1);
  assert.equal(count((o) => o.type === "application/scim+json"), 30);
  console.log(summary(outcomes));
});

function positionalPath(template: string, values: Record<string, string>): string {
  return template.replace(/\{([^}]+)\}/g, (_, n) => encodeURIComponent(values[n]));
}

function summary(outcomes: Outcome[]): string {
  const by = (f: (o: Outcome) => string) => {
    const m = new Map<string, number>();
    for (const o of outcomes) m.set(f(o), (m.get(f(o)) ?? 0) + 1);
    return [...m].sort().map(([k, n]) => `${k}: ${n}`).join(", ");
  };
  return `statuses: ${by((o) => String(o.status))}\ncontent types: ${
    by((o) => o.type || "(none)")
  }`;
}
