// `LiteClient`'s retry rules are a feature: a program that does not import
// `@cxkit/genesys-cloud/retry` (or the package root) gets a clear error for the `retry`
// option, and its bundle leaves the rules out. Each case runs in its own process, so that no
// other test's import has registered the feature.
import assert from "node:assert/strict";

const ROOT = new URL("../../", import.meta.url);

async function run(program: string): Promise<{ code: number; out: string }> {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--quiet", "--ext=ts", program],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return { code, out: decoder.decode(stdout) + decoder.decode(stderr) };
}

Deno.test("LiteClient without the retry feature: the retry option names the import to add", async () => {
  const { code, out } = await run(`
    import { LiteClient } from "./src/generated/apis/users.js";
    import { ConfigurationError } from "./src/base/errors.ts";
    // Without retry, the client works.
    new LiteClient({ accessToken: "t" });
    try {
      new LiteClient({ accessToken: "t", retry: { retryMax: 2 } });
      console.log("no error");
    } catch (error) {
      console.log(error instanceof ConfigurationError, error.message);
    }
  `);
  assert.equal(code, 0, out);
  assert.equal(
    out.trim(),
    'true the retry option needs the retry feature: add `import "@cxkit/genesys-cloud/retry";`',
  );
});

Deno.test("LiteClient with the retry feature: a 503 is retried after Retry-After", async () => {
  const { code, out } = await run(`
    import "./src/features/retry.ts";
    import { LiteClient, UsersApi } from "./src/generated/apis/users.js";
    let calls = 0;
    const transport = () => Promise.resolve(++calls === 1
      ? new Response("{}", { status: 503, headers: { "retry-after": "0" } })
      : Response.json({ name: "Ada" }));
    const client = new LiteClient({ accessToken: "t", transport, retry: { retryMax: 1 } });
    console.log((await new UsersApi(client).getUsersMe()).name, calls);
  `);
  assert.equal(code, 0, out);
  assert.equal(out.trim(), "Ada 2");
});

Deno.test("the package root gives LiteClient its retry rules", async () => {
  const { code, out } = await run(`
    import { LiteClient } from "./mod.ts";
    const client = new LiteClient({ accessToken: "t", retry: { retryMax: 1 } });
    console.log(client instanceof LiteClient);
  `);
  assert.equal(code, 0, out);
  assert.equal(out.trim(), "true");
});

/** A program whose transport refuses the first `refusals` requests as Deno words an HTTP/2 REFUSED_STREAM. */
const refusing = (refusals: number, client: string) => `
  import { UsersApi } from "./src/generated/apis/users.js";
  let sent = 0;
  const transport = () => {
    if (++sent <= ${refusals}) {
      const cause = new Error("refused stream before processing any application logic");
      return Promise.reject(new TypeError("error sending request", { cause }));
    }
    return Promise.resolve(Response.json({ name: "Ada" }));
  };
  const client = ${client};
  try {
    console.log((await new UsersApi(client).getUsersMe()).name, sent);
  } catch (error) {
    console.log(error.name, sent);
  }
`;

Deno.test("an HTTP/2 refusal is sent again once: PlatformClient, and LiteClient with the retry feature", async () => {
  const platform =
    `new (await import("./src/client/platform_client.ts")).PlatformClient({ accessToken: "t", transport })`;
  const lite =
    `new (await import("./src/client/lite_client.ts")).LiteClient({ accessToken: "t", transport })`;
  const cases: [string, string][] = [
    // Retries are off (retryMax 0): the refusal is resent all the same, once per call.
    [refusing(1, platform), "Ada 2"],
    [refusing(2, platform), "NetworkError 2"],
    [`import "./src/features/retry.ts";\n${refusing(1, lite)}`, "Ada 2"],
    [`import "./src/features/retry.ts";\n${refusing(2, lite)}`, "NetworkError 2"],
    // Without the feature LiteClient sends every request once.
    [refusing(1, lite), "NetworkError 1"],
  ];
  for (const [program, expected] of cases) {
    const { code, out } = await run(program);
    assert.equal(code, 0, out);
    assert.equal(out.trim(), expected, program);
  }
});
