import assert from "node:assert/strict";
import { startSandbox } from "../../tools/sandbox/mod.ts";
import { api, call } from "./_helpers.ts";

async function bytesOf(
  url: string,
): Promise<{ status: number; type: string | null; bytes: Uint8Array; disposition: string | null }> {
  const res = await fetch(url);
  const bytes = new Uint8Array(await res.arrayBuffer());
  return {
    status: res.status,
    type: res.headers.get("content-type"),
    bytes,
    disposition: res.headers.get("content-disposition"),
  };
}

Deno.test("downloads: 303 to a signed URL by default, { url } with issueRedirect=false", async () => {
  await using sb = await startSandbox();
  const token = await sb.issueAccessToken();
  const download = [...sb.state.downloads.values()][0];
  const redirect = await api(sb, token, `/api/v2/downloads/${download.id}`);
  assert.equal(redirect.status, 303);
  const location = redirect.headers.get("location")!;
  assert.ok(location.startsWith(`${sb.url}/signed/downloads/${download.id}?`));

  const plain = await api(
    sb,
    token,
    `/api/v2/downloads/${download.id}?issueRedirect=false&contentDisposition=${
      encodeURIComponent('attachment; filename="x.csv"')
    }`,
  );
  assert.equal(plain.status, 200);
  assert.deepEqual(Object.keys(plain.json), ["url"]);
  const got = await bytesOf(plain.json.url);
  assert.equal(got.status, 200);
  assert.equal(got.type, download.contentType);
  assert.deepEqual(got.bytes, download.bytes);
  assert.equal(got.disposition, 'attachment; filename="x.csv"');

  // Following the redirect with fetch's default mode lands on the bytes.
  const followed = await fetch(`${sb.url}/api/v2/downloads/${download.id}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  assert.equal(followed.status, 200);
  assert.deepEqual(new Uint8Array(await followed.arrayBuffer()), download.bytes);
});

Deno.test("downloads: signature and expiry are checked", async () => {
  await using sb = await startSandbox();
  const token = await sb.issueAccessToken();
  const download = [...sb.state.downloads.values()][1];
  const { json } = await api(sb, token, `/api/v2/downloads/${download.id}?issueRedirect=false`);
  const tampered = new URL(json.url);
  tampered.searchParams.set("Expires", String(Number(tampered.searchParams.get("Expires")) + 1000));
  const bad = await call(tampered.href);
  assert.equal(bad.status, 403);
  assert.match(bad.text, /SignatureDoesNotMatch/);
  const otherFile = json.url.replace(download.id, [...sb.state.downloads.keys()][0]);
  assert.equal((await call(otherFile)).status, 403);
  const unsigned = await call(`${sb.url}/signed/downloads/${download.id}`);
  assert.equal(unsigned.status, 403);
  assert.equal((await api(sb, token, `/api/v2/downloads/${crypto.randomUUID()}`)).status, 404);

  await using expired = await startSandbox({ signedUrlLifetimeSeconds: 0 });
  const t2 = await expired.issueAccessToken();
  const d2 = [...expired.state.downloads.values()][0];
  const { json: j2 } = await api(expired, t2, `/api/v2/downloads/${d2.id}?issueRedirect=false`);
  const late = await call(j2.url);
  assert.equal(late.status, 403);
  assert.match(late.text, /Request has expired/);
});

Deno.test("downloads: redirectToAuth without credentials", async () => {
  await using sb = await startSandbox();
  const id = [...sb.state.downloads.keys()][0];
  const toLogin = await call(`${sb.url}/api/v2/downloads/${id}`);
  assert.equal(toLogin.status, 302);
  assert.ok(toLogin.headers.get("location")!.startsWith(`${sb.url}/login?redirect=`));
  const denied = await call(`${sb.url}/api/v2/downloads/${id}?redirectToAuth=false`);
  assert.equal(denied.status, 401);
  assert.equal(denied.json.code, "authentication.required");
});

Deno.test("recordings: metadata list and recording with signed media URIs", async () => {
  await using sb = await startSandbox({ conversationCount: 2 });
  const token = await sb.issueAccessToken();
  const [conversationId, recordings] = [...sb.state.recordings.entries()][0];
  const meta = await api(sb, token, `/api/v2/conversations/${conversationId}/recordingmetadata`);
  assert.equal(meta.status, 200);
  assert.ok(Array.isArray(meta.json));
  assert.deepEqual(meta.json.map((r: { id: string }) => r.id), recordings.map((r) => r.id));
  for (const r of meta.json) {
    assert.equal(r.conversationId, conversationId);
    assert.equal(r.media, "audio");
    assert.equal(r.fileState, "AVAILABLE");
    assert.equal(r.mediaUris, undefined);
  }
  assert.equal((await api(sb, token, `/api/v2/conversations/nope/recordingmetadata`)).status, 404);

  const rec = await api(
    sb,
    token,
    `/api/v2/conversations/${conversationId}/recordings/${recordings[0].id}?formatId=WAV`,
  );
  assert.equal(rec.status, 200);
  const mediaUri = rec.json.mediaUris.S.mediaUri as string;
  assert.ok(mediaUri.startsWith(`${sb.url}/signed/recordings/`));
  const media = await bytesOf(mediaUri);
  assert.equal(media.status, 200);
  assert.equal(media.type, "audio/wav");
  assert.equal(new TextDecoder().decode(media.bytes.slice(0, 4)), "RIFF");
  assert.equal(media.bytes.byteLength, rec.json.outputSizeInBytes);

  const none = await api(
    sb,
    token,
    `/api/v2/conversations/${conversationId}/recordings/${recordings[0].id}?formatId=NONE`,
  );
  assert.equal(none.json.mediaUris, undefined);
  const bad = await api(
    sb,
    token,
    `/api/v2/conversations/${conversationId}/recordings/${recordings[0].id}?formatId=FLAC`,
  );
  assert.equal(bad.status, 400);
  assert.equal(bad.json.code, "invalid.query.param.value");
  assert.equal(
    (await api(sb, token, `/api/v2/conversations/${conversationId}/recordings/nope`)).status,
    404,
  );
});

Deno.test("recordings: 202 while transcoding, then 200", async () => {
  await using sb = await startSandbox({ recordingPendingPolls: 2 });
  const token = await sb.issueAccessToken();
  const [conversationId, recordings] = [...sb.state.recordings.entries()][0];
  const path = `/api/v2/conversations/${conversationId}/recordings/${recordings[1].id}`;
  const statuses: number[] = [];
  for (let i = 0; i < 3; i++) {
    const r = await api(sb, token, path);
    statuses.push(r.status);
    if (r.status === 202) assert.equal(r.json.mediaUris, undefined);
    else assert.ok(r.json.mediaUris.S.mediaUri);
  }
  assert.deepEqual(statuses, [202, 202, 200]);
  // Counted per format: another format starts over.
  assert.equal((await api(sb, token, `${path}?formatId=MP3`)).status, 202);
});
