/**
 * Downloads (`GET /api/v2/downloads/{downloadId}`), recordings
 * (`GET /api/v2/conversations/{conversationId}/recordingmetadata[/{recordingId}]` and
 * `.../recordings/{recordingId}`) and the signed URLs they hand out (`GET /signed/...`).
 *
 * `getDownload` follows the definition: `issueRedirect` (default true) answers 303 with a
 * `Location` of the signed URL, `issueRedirect=false` answers 200 `{ url }`; without valid
 * credentials `redirectToAuth` (default true) answers 302 to the login page, `redirectToAuth=false`
 * answers 401.
 *
 * @module
 */

import { genesysError, htmlPage, json } from "../responses.ts";
import type { Route, RouteContext } from "../context.ts";
import type { SandboxRecording } from "../types.ts";

const FORMATS: Record<string, { type: string; ext: string }> = {
  WAV: { type: "audio/wav", ext: "wav" },
  WAV_ULAW: { type: "audio/wav", ext: "wav" },
  WEBM: { type: "audio/webm", ext: "webm" },
  OGG_VORBIS: { type: "audio/ogg", ext: "ogg" },
  OGG_OPUS: { type: "audio/ogg", ext: "opus" },
  MP3: { type: "audio/mpeg", ext: "mp3" },
};

function flag(ctx: RouteContext, name: string, fallback: boolean): boolean {
  const v = ctx.url.searchParams.get(name);
  if (v === null || v === "") return fallback;
  return v.toLowerCase() !== "false";
}

async function getDownload(ctx: RouteContext): Promise<Response> {
  const auth = await ctx.core.authenticate(ctx.req, ctx.correlationId);
  if (auth instanceof Response) {
    if (!flag(ctx, "redirectToAuth", true)) return auth;
    await auth.body?.cancel();
    const location = `${ctx.url.origin}/login?redirect=${encodeURIComponent(ctx.url.href)}`;
    return new Response(null, { status: 302, headers: { location } });
  }
  const download = ctx.core.state.downloads.get(ctx.params.downloadId);
  if (!download) return genesysError(404, "not.found", ctx.correlationId);
  const params: Record<string, string> = {};
  const disposition = ctx.url.searchParams.get("contentDisposition");
  if (disposition) params["response-content-disposition"] = disposition;
  const url = await ctx.core.signer.sign(
    ctx.url.origin,
    `/signed/downloads/${download.id}`,
    params,
    ctx.core.settings.signedUrlLifetimeSeconds,
  );
  if (flag(ctx, "issueRedirect", true)) {
    return new Response(null, { status: 303, headers: { location: url } });
  }
  return json({ url });
}

function signatureFailure(code: string, message: string): Response {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code>` +
    `<Message>${message}</Message></Error>`;
  return new Response(xml, { status: 403, headers: { "content-type": "application/xml" } });
}

async function checkSigned(ctx: RouteContext): Promise<Response | undefined> {
  const check = await ctx.core.signer.check(ctx.url);
  if (check === "invalid") {
    return signatureFailure(
      "SignatureDoesNotMatch",
      "The request signature we calculated does not match the signature you provided.",
    );
  }
  if (check === "expired") return signatureFailure("AccessDenied", "Request has expired");
  return undefined;
}

function bytesResponse(
  ctx: RouteContext,
  bytes: Uint8Array,
  contentType: string,
  fileName: string,
): Response {
  const headers: Record<string, string> = {
    "content-type": contentType,
    "content-length": String(bytes.byteLength),
    "content-disposition": ctx.url.searchParams.get("response-content-disposition") ??
      `attachment; filename="${fileName}"`,
  };
  return new Response(bytes.slice(), { status: 200, headers });
}

async function getSignedDownload(ctx: RouteContext): Promise<Response> {
  const failure = await checkSigned(ctx);
  if (failure) return failure;
  const download = ctx.core.state.downloads.get(ctx.params.downloadId);
  if (!download) return signatureFailure("NoSuchKey", "The specified key does not exist.");
  return bytesResponse(ctx, download.bytes, download.contentType, download.fileName);
}

/** Deterministic media bytes for a recording in a format (a real WAV for WAV formats). */
function mediaBytes(recording: SandboxRecording, format: string): Uint8Array {
  if (format === "WAV" || format === "WAV_ULAW") {
    const samples = 800;
    const out = new Uint8Array(44 + samples);
    const view = new DataView(out.buffer);
    const ascii = (offset: number, text: string) => {
      for (let i = 0; i < text.length; i++) out[offset + i] = text.charCodeAt(i);
    };
    ascii(0, "RIFF");
    view.setUint32(4, 36 + samples, true);
    ascii(8, "WAVE");
    ascii(12, "fmt ");
    view.setUint32(16, 16, true);
    view.setUint16(20, format === "WAV" ? 1 : 7, true);
    view.setUint16(22, 1, true);
    view.setUint32(24, 8000, true);
    view.setUint32(28, 8000, true);
    view.setUint16(32, 1, true);
    view.setUint16(34, 8, true);
    ascii(36, "data");
    view.setUint32(40, samples, true);
    out.fill(format === "WAV" ? 0x80 : 0xff, 44);
    return out;
  }
  const magic: Record<string, number[]> = {
    WEBM: [0x1a, 0x45, 0xdf, 0xa3],
    OGG_VORBIS: [0x4f, 0x67, 0x67, 0x53],
    OGG_OPUS: [0x4f, 0x67, 0x67, 0x53],
    MP3: [0x49, 0x44, 0x33, 0x04],
  };
  const out = new Uint8Array(512);
  const seed = recording.id.charCodeAt(0);
  for (let i = 0; i < out.length; i++) out[i] = (i * 13 + seed) & 0xff;
  out.set(magic[format] ?? [], 0);
  return out;
}

function findRecording(ctx: RouteContext): SandboxRecording | undefined {
  return ctx.core.state.recordings.get(ctx.params.conversationId)
    ?.find((r) => r.id === ctx.params.recordingId);
}

async function getSignedRecording(ctx: RouteContext): Promise<Response> {
  const failure = await checkSigned(ctx);
  if (failure) return failure;
  const recording = findRecording(ctx);
  const format = FORMATS[ctx.params.format];
  if (!recording || !format) {
    return signatureFailure("NoSuchKey", "The specified key does not exist.");
  }
  return bytesResponse(
    ctx,
    mediaBytes(recording, ctx.params.format),
    format.type,
    `${recording.id}.${format.ext}`,
  );
}

function recordingBase(recording: SandboxRecording): Record<string, unknown> {
  return {
    id: recording.id,
    conversationId: recording.conversationId,
    path: `${recording.conversationId}/${recording.id}`,
    startTime: recording.startTime,
    endTime: recording.endTime,
    media: recording.media,
    mediaSubtype: "Trunk",
    annotations: [],
    fileState: "AVAILABLE",
    archiveDate: "2026-01-06T09:00:00.000Z",
    deleteDate: "2027-01-06T09:00:00.000Z",
    recordingFileRole: "CUSTOMER_EXPERIENCE",
    creationTime: recording.startTime,
    selfUri: `/api/v2/conversations/${recording.conversationId}/recordings/${recording.id}`,
  };
}

function getRecordingMetadata(ctx: RouteContext): Response {
  const list = ctx.core.state.recordings.get(ctx.params.conversationId);
  if (!list) return genesysError(404, "not.found", ctx.correlationId);
  return json(list.map((r) => ({ ...recordingBase(r), name: `Recording ${r.id.slice(0, 8)}` })));
}

function getOneRecordingMetadata(ctx: RouteContext): Response {
  const recording = findRecording(ctx);
  if (!recording) return genesysError(404, "not.found", ctx.correlationId);
  return json({ ...recordingBase(recording), name: `Recording ${recording.id.slice(0, 8)}` });
}

async function getRecording(ctx: RouteContext): Promise<Response> {
  const recording = findRecording(ctx);
  if (!recording) return genesysError(404, "not.found", ctx.correlationId);
  const formatId = ctx.url.searchParams.get("formatId") ?? "WEBM";
  if (formatId !== "NONE" && !FORMATS[formatId]) {
    return genesysError(
      400,
      "invalid.query.param.value",
      ctx.correlationId,
      `Value [${formatId}] is not valid for parameter [formatId]. Allowable values are: ${
        Object.keys(FORMATS).join(", ")
      }, NONE`,
    );
  }
  const body = recordingBase(recording);
  if (formatId === "NONE") return json(body);
  const key = `${recording.id}:${formatId}`;
  const polls = ctx.core.recordingPolls.get(key) ?? 0;
  if (polls < ctx.core.settings.recordingPendingPolls) {
    ctx.core.recordingPolls.set(key, polls + 1);
    return json({ ...body, estimatedTranscodeTimeMs: 1000 }, 202);
  }
  const params: Record<string, string> = {};
  const fileName = ctx.url.searchParams.get("fileName");
  if (ctx.url.searchParams.get("download") === "true") {
    params["response-content-disposition"] = `attachment; filename="${
      fileName ?? `${recording.id}.${FORMATS[formatId].ext}`
    }"`;
  }
  const mediaUri = await ctx.core.signer.sign(
    ctx.url.origin,
    `/signed/recordings/${recording.conversationId}/${recording.id}/${formatId}`,
    params,
    ctx.core.settings.signedUrlLifetimeSeconds,
  );
  const bytes = mediaBytes(recording, formatId);
  return json({
    ...body,
    mediaUris: { S: { mediaUri, waveformData: [0, 0.25, 0.5, 0.75, 1, 0.75, 0.5, 0.25] } },
    actualTranscodeTimeMs: 850,
    outputDurationMs: recording.durationMs,
    outputSizeInBytes: bytes.byteLength,
  });
}

function loginPage(): Response {
  return htmlPage(200, "Sign in", "Sandbox login page: obtain a token through /oauth/authorize.");
}

/** Download, recording and signed URL routes. */
export const mediaRoutes: Route[] = [
  { method: "GET", pattern: "/api/v2/downloads/{downloadId}", auth: "none", handle: getDownload },
  {
    method: "GET",
    pattern: "/api/v2/conversations/{conversationId}/recordingmetadata",
    auth: "api",
    handle: getRecordingMetadata,
  },
  {
    method: "GET",
    pattern: "/api/v2/conversations/{conversationId}/recordingmetadata/{recordingId}",
    auth: "api",
    handle: getOneRecordingMetadata,
  },
  {
    method: "GET",
    pattern: "/api/v2/conversations/{conversationId}/recordings/{recordingId}",
    auth: "api",
    handle: getRecording,
  },
  {
    method: "GET",
    pattern: "/signed/downloads/{downloadId}",
    auth: "none",
    handle: getSignedDownload,
  },
  {
    method: "GET",
    pattern: "/signed/recordings/{conversationId}/{recordingId}/{format}",
    auth: "none",
    handle: getSignedRecording,
  },
  { method: "GET", pattern: "/login", auth: "none", handle: loginPage },
];
