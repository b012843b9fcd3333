/**
 * The notification topics generator: the checks of the topics file, the rendering (open enums,
 * quoted keys, self-references, the pattern map and template literals), and the committed
 * output against the real topics file.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import {
  checkTopicsDocument,
  DEFAULT_TOPICS_SOURCE,
  generateNotificationTopics,
  loadNotificationTopics,
  type NotificationTopicsDocument,
  templateLiteral,
  topicsSourceFor,
} from "../../tools/codegen/notification_topics.ts";
import { DEFAULT_OUT, REPO_ROOT } from "../../tools/codegen/main.ts";
import { formatTree, writeFiles } from "../../tools/codegen/write.ts";
import {
  NOTIFICATION_TOPIC_PATTERNS,
  NOTIFICATION_TOPICS_SOURCE,
} from "../../src/generated/notifications/topics.ts";

const SAMPLE: NotificationTopicsDocument = {
  source: "test",
  topics: [
    { topic: "v2.things.{id}.changes", schema: "ThingChange" },
    { topic: "v2.things.{id}.parts.{id}", schema: "ThingChange" },
    { topic: "v2.system.socket_closing", schema: "SystemMessage" },
  ],
  definitions: {
    ThingChange: {
      type: "object",
      description: "A thing changed.",
      properties: {
        state: { type: "string", enum: ["new", "done"] },
        "x-odd-name": { type: "integer", format: "int64" },
        additionalProperties: { type: "object", additionalProperties: { type: "string" } },
        parent: { $ref: "#/definitions/ThingChange" },
        tags: { type: "array", items: { type: "string", enum: ["a"] } },
      },
    },
    SystemMessage: { type: "object", properties: { message: { type: "string" } } },
  },
};

Deno.test("the topics file is checked: patterns, unknown schemas, dangling $refs", () => {
  assert.throws(() => checkTopicsDocument([], "f"), /must be a JSON object/);
  assert.throws(
    () =>
      checkTopicsDocument(
        { ...SAMPLE, topics: [{ topic: "v2..x", schema: "SystemMessage" }] },
        "f",
      ),
    /"v2..x" is not a topic pattern/,
  );
  assert.throws(
    () => checkTopicsDocument({ ...SAMPLE, topics: [{ topic: "v2.x", schema: "Nope" }] }, "f"),
    /names "Nope", which is not in "definitions"/,
  );
  assert.throws(
    () =>
      checkTopicsDocument({
        ...SAMPLE,
        definitions: { ...SAMPLE.definitions, Bad: { $ref: "#/definitions/Gone" } },
      }, "f"),
    /Bad refers to "Gone"/,
  );
  assert.throws(
    () => checkTopicsDocument({ ...SAMPLE, topics: [SAMPLE.topics[0], SAMPLE.topics[0]] }, "f"),
    /appears twice/,
  );
  assert.equal(templateLiteral("v2.users.{id}.presence"), "`v2.users.${string}.presence`");
});

Deno.test("rendering: open enums, quoted keys, self-reference, the pattern map, templates", async () => {
  const files = generateNotificationTopics(checkTopicsDocument(SAMPLE, "sample"), "abc");
  assert.deepEqual([...files.keys()].sort(), [
    "notifications/models/mod.ts",
    "notifications/models/system_message.ts",
    "notifications/models/thing_change.ts",
    "notifications/topics.ts",
  ]);
  const thing = files.get("notifications/models/thing_change.ts")!;
  assert.match(thing, /^\/\/ deno-lint-ignore-file ban-types\n/);
  assert.match(thing, /state\?: "new" \| "done" \| \(string & \{\}\);/);
  assert.match(thing, /"x-odd-name"\?: number;/);
  assert.match(thing, /additionalProperties\?: \{ \[key: string\]: string \};/);
  assert.match(thing, /parent\?: ThingChange;/);
  assert.match(thing, /tags\?: \("a" \| \(string & \{\}\)\)\[\];/);
  assert.match(thing, /\/\*\* A thing changed\. \*\//);
  assert.ok(!thing.includes("import"), "a self-reference imports nothing");
  const topics = files.get("notifications/topics.ts")!;
  assert.match(topics, /"v2\.things\.\{id\}\.changes": ThingChange;/);
  assert.match(topics, /\| `v2\.things\.\$\{string\}\.parts\.\$\{string\}`/);
  assert.match(topics, /sha256: "abc",/);

  // The output type-checks, lints and is formatted, in a scratch copy of the repository layout.
  const dir = await Deno.makeTempDir({ prefix: "topics-codegen-" });
  try {
    await writeFiles(dir, files);
    await formatTree(dir, join(REPO_ROOT, "deno.json"));
    const usage = join(dir, "usage.ts");
    await Deno.writeTextFile(
      usage,
      [
        'import type { NotificationTopicPayloads } from "./notifications/topics.ts";',
        'type Change = NotificationTopicPayloads["v2.things.{id}.changes"];',
        'const ok: Change = { state: "later", "x-odd-name": 1, parent: { state: "new" } };',
        "// @ts-expect-error a number is no state",
        "const bad: Change = { state: 1 };",
        "console.log(ok, bad);",
        "",
      ].join("\n"),
    );
    const check = await new Deno.Command(Deno.execPath(), {
      args: ["check", "--config", join(REPO_ROOT, "deno.json"), usage],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(check.code, 0, new TextDecoder().decode(check.stderr));
    const lint = await new Deno.Command(Deno.execPath(), {
      args: ["lint", "--config", join(REPO_ROOT, "deno.json"), join(dir, "notifications")],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(lint.code, 0, new TextDecoder().decode(lint.stdout));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the committed topic types are what the real topics file gives", async () => {
  const { doc, sha256 } = await loadNotificationTopics(DEFAULT_TOPICS_SOURCE);
  assert.equal(NOTIFICATION_TOPICS_SOURCE.sha256, sha256);
  assert.equal(NOTIFICATION_TOPICS_SOURCE.topics, 237);
  assert.equal(NOTIFICATION_TOPICS_SOURCE.definitions, 1432);
  assert.deepEqual([...NOTIFICATION_TOPIC_PATTERNS], doc.topics.map((t) => t.topic).sort());
  const files = generateNotificationTopics(doc, sha256);
  assert.equal(files.size, 1432 + 2);
  // Byte equality after formatting is the drift test's; here the file set matches.
  const committed: string[] = [];
  for await (const entry of Deno.readDir(join(DEFAULT_OUT, "notifications", "models"))) {
    committed.push(`notifications/models/${entry.name}`);
  }
  assert.deepEqual(
    [...files.keys()].filter((f) => f.startsWith("notifications/models/")).sort(),
    committed.sort(),
  );
});

Deno.test("the topics file beside the definition is used; elsewhere the default one", async () => {
  const dir = await Deno.makeTempDir({ prefix: "topics-beside-" });
  try {
    const definition = join(dir, "api.json");
    assert.equal(topicsSourceFor(definition), DEFAULT_TOPICS_SOURCE);
    await Deno.writeTextFile(join(dir, "notification-topics.json"), "{}");
    assert.equal(topicsSourceFor(definition), join(dir, "notification-topics.json"));
    assert.equal(topicsSourceFor("https://example.com/api.json"), DEFAULT_TOPICS_SOURCE);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
