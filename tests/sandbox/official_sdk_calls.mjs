/**
 * A scripted session of the official Genesys Cloud JavaScript SDK (`purecloud-platform-client-v2`,
 * a client no one here wrote) on Node against a served sandbox: client credentials login, users,
 * routing queues create / read / update / list / delete, analytics queries, conversations and
 * recordings. Prints one JSON line of what each call returned (or the status it failed with).
 *
 * Environment: SANDBOX_URL, CLIENT_ID, CLIENT_SECRET, TOOLS_PACKAGE_JSON (where the SDK is
 * installed), RECORDED_CONVERSATION_ID.
 *
 * @module
 */
import { createRequire } from "node:module";

const env = process.env;
const require = createRequire(env.TOOLS_PACKAGE_JSON);
const platformClient = require("purecloud-platform-client-v2");
const client = platformClient.ApiClient.instance;
const { hostname, port, protocol } = new URL(env.SANDBOX_URL);
client.setGateway({ host: hostname, protocol: protocol.replace(":", ""), port: Number(port) });

const out = {};
/** Runs one step; a rejection is recorded as `{ error: status }` and the script goes on. */
async function step(name, fn) {
  try {
    out[name] = await fn();
  } catch (e) {
    out[name] = { error: e?.status ?? String(e?.message ?? e), code: e?.code };
  }
}

await step("login", async () => {
  const auth = await client.loginClientCredentialsGrant(env.CLIENT_ID, env.CLIENT_SECRET);
  return {
    tokenType: typeof auth.accessToken,
    expiresIn: auth.tokenExpiryTimeString !== undefined,
  };
});

const users = new platformClient.UsersApi();
await step("users", async () => {
  const page = await users.getUsers({ pageSize: 10, pageNumber: 2 });
  const one = await users.getUser(page.entities[0].id);
  return {
    pageSize: page.pageSize,
    pageNumber: page.pageNumber,
    total: page.total,
    count: page.entities.length,
    oneId: one.id === page.entities[0].id,
    email: one.email,
  };
});

const routing = new platformClient.RoutingApi();
await step("queues", async () => {
  const created = await routing.postRoutingQueues({
    name: "Official SDK queue",
    description: "made by purecloud-platform-client-v2",
    acwSettings: { wrapupPrompt: "MANDATORY", timeoutMs: 30000 },
  });
  const read = await routing.getRoutingQueue(created.id);
  const updated = await routing.putRoutingQueue(created.id, {
    name: "Official SDK queue (renamed)",
    description: "renamed",
  });
  const listed = await routing.getRoutingQueues({ name: "Official SDK*" });
  await routing.deleteRoutingQueue(created.id);
  let afterDelete = 200;
  try {
    await routing.getRoutingQueue(created.id);
  } catch (e) {
    afterDelete = e.status;
  }
  return {
    id: created.id,
    readName: read.name,
    acw: read.acwSettings?.wrapupPrompt,
    updatedName: updated.name,
    updatedDescription: updated.description,
    listed: listed.entities.map((q) => q.name),
    afterDelete,
  };
});

await step("skills", async () => {
  const skill = await routing.postRoutingSkills({ name: "Official SDK skill" });
  const back = await routing.getRoutingSkill(skill.id);
  return { same: back.id === skill.id && back.name === skill.name };
});

const analytics = new platformClient.AnalyticsApi();
await step("analytics", async () => {
  const interval = "2025-01-06T00:00:00.000Z/2025-01-07T00:00:00.000Z";
  const details = await analytics.postAnalyticsConversationsDetailsQuery({
    interval,
    order: "asc",
    paging: { pageSize: 25, pageNumber: 1 },
  });
  const aggregates = await analytics.postAnalyticsConversationsAggregatesQuery({
    interval,
    groupBy: ["queueId"],
    metrics: ["nOffered", "tHandle"],
  });
  let invalid = 200;
  try {
    await analytics.postAnalyticsConversationsDetailsQuery({ interval: "last week" });
  } catch (e) {
    // The SDK rejects with the ErrorBody itself.
    invalid = { status: e.status, field: e.details?.[0]?.fieldName };
  }
  return {
    conversations: Array.isArray(details.conversations) ? details.conversations.length : -1,
    firstStart: details.conversations?.[0]?.conversationStart,
    results: Array.isArray(aggregates.results),
    invalid,
  };
});

const conversations = new platformClient.ConversationsApi();
await step("conversations", async () => {
  const calls = await conversations.getConversationsCalls();
  const call = await conversations.getConversationsCall(calls.entities[0].id);
  const placed = await conversations.postConversationsCalls({ phoneNumber: "+13175550100" });
  const emails = await conversations.getConversationsEmails();
  return {
    calls: calls.entities.length,
    callId: call.id === calls.entities[0].id,
    placed: typeof placed.id === "string",
    emails: Array.isArray(emails.entities),
  };
});

const recording = new platformClient.RecordingApi();
await step("recordings", async () => {
  const list = await recording.getConversationRecordingmetadata(env.RECORDED_CONVERSATION_ID);
  return { count: list.length, conversationId: list[0].conversationId };
});

const tokens = new platformClient.TokensApi();
await step("tokenInfo", async () => {
  const me = await tokens.getTokensMe();
  return { clientId: me.OAuthClient?.id };
});

console.log(JSON.stringify(out));
