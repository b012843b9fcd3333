/**
 * Bundle size section: our browser bundles as one file (`deno bundle --minify --platform
 * browser`; what loads at start with `--code-splitting` shown beside it) against the official SDK
 * bundled with esbuild. The target is judged against the figure the issue quotes (about 1.96 MB:
 * the official package bundled from its `main`, node build); the ratio against its browser build
 * is shown too.
 *
 * @module
 */

import type { BenchContext } from "../lib/context.ts";
import { bytes, type Row, type SectionResult, times } from "../lib/report.ts";
import {
  BUNDLE_BUDGET_BYTES,
  type BundleMeasure,
  FIXTURES,
  measureBundle,
  measureOfficialBundle,
} from "../size.ts";

/** Official bytes / ours must be at least this. */
export const SIZE_TARGET = 40;

/** Runs the section. */
export async function runSize(ctx: BenchContext): Promise<SectionResult> {
  ctx.log("size: bundling");
  const official = await measureOfficialBundle(ctx.toolsDir);
  const rows: Row[] = [];
  const data: Record<string, unknown> = { official };

  const plain = await measureBundle(FIXTURES.usersCall, ["users.js"]);
  data.usersCall = plain;
  const clean = (m: BundleMeasure) =>
    m.foreign.length === 0 && m.apiClasses.join() === "UsersApi" && m.ownMarkersFound;
  rows.push({
    figure: "bundle: client + Users API + one call (foundation budget)",
    ours: `${bytes(plain.bytes)} one file (gzip ${bytes(plain.gzipBytes)}; code-split: ${
      bytes(plain.splitInitialBytes)
    } loaded at start); API classes: ${
      plain.apiClasses.join(", ")
    }; other APIs' operations: ${plain.foreign.length}${
      plain.internal.length
        ? ` (+ hand-written: ${plain.internal.map((i) => i.split(" ")[1]).join(", ")})`
        : ""
    }`,
    comparedWith: "budget",
    ratio: `${(plain.bytes / BUNDLE_BUDGET_BYTES * 100).toFixed(0)}% of budget`,
    target: `<= ${bytes(BUNDLE_BUDGET_BYTES)}, no other API`,
    verdict: plain.bytes <= BUNDLE_BUDGET_BYTES && clean(plain) ? "met" : "missed",
  });

  for (
    const [key, client] of [["usersLoginCall", "PlatformClient"], [
      "usersLoginCallLite",
      "LiteClient",
    ]] as const
  ) {
    rows.push(...await loginRows(key, client, official, data, clean));
  }
  return { rows, data };
}

/**
 * The rows of one login-and-call fixture: its bytes and gzip bytes against the official SDK's.
 * `data` gets the measure under `key` and the ratios (prefixed with `lite` for `LiteClient`).
 */
async function loginRows(
  key: "usersLoginCall" | "usersLoginCallLite",
  client: string,
  official: Awaited<ReturnType<typeof measureOfficialBundle>>,
  data: Record<string, unknown>,
  clean: (m: BundleMeasure) => boolean,
): Promise<Row[]> {
  const rows: Row[] = [];
  const prefix = key === "usersLoginCallLite" ? "lite" : "";
  const name = (field: string) => prefix ? prefix + field[0].toUpperCase() + field.slice(1) : field;
  let login: BundleMeasure | undefined;
  try {
    login = await measureBundle(FIXTURES[key], ["users.js"]);
    data[key] = login;
  } catch (error) {
    data[`${key}Error`] = String(error);
    rows.push({
      figure: `bundle: ${client} + Users API + login + one call`,
      ours: "could not bundle",
      comparedWith: "",
      ratio: "",
      target: "",
      verdict: "error",
    });
  }
  if (login) {
    const ratio = official.node.bytes / login.bytes;
    const gzipRatio = official.node.gzipBytes / login.gzipBytes;
    data[name("ratio")] = ratio;
    data[name("gzipRatio")] = gzipRatio;
    data[name("ratioBrowserBuild")] = official.browser.bytes / login.bytes;
    data[name("gzipRatioBrowserBuild")] = official.browser.gzipBytes / login.gzipBytes;
    rows.push({
      figure: `bundle: ${client} + Users API + login + one call, minified, one file`,
      ours: `${bytes(login.bytes)} (code-split: ${bytes(login.splitInitialBytes)} at start)`,
      comparedWith: `official ${bytes(official.node.bytes)} (browser build ${
        bytes(official.browser.bytes)
      })`,
      ratio: `${times(ratio)} smaller (${
        times(official.browser.bytes / login.bytes)
      } vs browser build)`,
      target: `>= ${SIZE_TARGET}x smaller`,
      verdict: ratio >= SIZE_TARGET && clean(login) ? "met" : "missed",
    });
    rows.push({
      figure: "same bundle, gzip -9",
      ours: bytes(login.gzipBytes),
      comparedWith: `official ${bytes(official.node.gzipBytes)} (browser build ${
        bytes(official.browser.gzipBytes)
      })`,
      ratio: `${times(gzipRatio)} smaller (${
        times(official.browser.gzipBytes / login.gzipBytes)
      } vs browser build)`,
      target: `>= ${SIZE_TARGET}x smaller`,
      verdict: gzipRatio >= SIZE_TARGET ? "met" : "missed",
    });
  }
  return rows;
}
