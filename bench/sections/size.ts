/**
 * Bundle size section: our browser bundles (`deno bundle --minify --platform browser
 * --code-splitting`; the figure is what loads at start, lazily imported chunks shown beside it)
 * against the official SDK bundled with esbuild (one file: it has nothing to load lazily).
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

  const plain = await measureBundle(FIXTURES.usersCall, ["users.ts"]);
  data.usersCall = plain;
  const clean = (m: BundleMeasure) =>
    m.foreign.length === 0 && m.apiClasses.join() === "UsersApi" && m.ownMarkersFound;
  rows.push({
    figure: "bundle: client + Users API + one call (foundation budget)",
    ours: `${bytes(plain.bytes)} loaded at start (gzip ${
      bytes(plain.gzipBytes)
    }; all chunks incl. lazy ${bytes(plain.allBytes)}); API classes: ${
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

  let login: BundleMeasure | undefined;
  try {
    login = await measureBundle(FIXTURES.usersLoginCall, ["users.ts"]);
    data.usersLoginCall = login;
  } catch (error) {
    data.usersLoginCallError = String(error);
    rows.push({
      figure: "bundle: client + Users API + login + one call",
      ours: "could not bundle",
      comparedWith: "",
      ratio: "",
      target: "",
      verdict: "error",
    });
  }
  if (login) {
    const ratio = official.browser.bytes / login.bytes;
    const gzipRatio = official.browser.gzipBytes / login.gzipBytes;
    data.ratio = ratio;
    data.ratioAllChunks = official.browser.bytes / login.allBytes;
    data.gzipRatio = gzipRatio;
    data.ratioNodeBuild = official.node.bytes / login.bytes;
    data.gzipRatioNodeBuild = official.node.gzipBytes / login.gzipBytes;
    rows.push({
      figure: "bundle: client + Users API + login + one call, minified",
      ours: `${bytes(login.bytes)} loaded at start (all chunks incl. lazy ${
        bytes(login.allBytes)
      })`,
      comparedWith: `official ${bytes(official.browser.bytes)} (browser build; node build ${
        bytes(official.node.bytes)
      })`,
      ratio: `${times(ratio)} smaller (${times(official.node.bytes / login.bytes)} vs node build)`,
      target: `>= ${SIZE_TARGET}x smaller`,
      verdict: ratio >= SIZE_TARGET && clean(login) ? "met" : "missed",
    });
    rows.push({
      figure: "same bundle, gzip -9",
      ours: bytes(login.gzipBytes),
      comparedWith: `official ${bytes(official.browser.gzipBytes)} (node build ${
        bytes(official.node.gzipBytes)
      })`,
      ratio: `${times(gzipRatio)} smaller (${
        times(official.node.gzipBytes / login.gzipBytes)
      } vs node build)`,
      target: `>= ${SIZE_TARGET}x smaller`,
      verdict: gzipRatio >= SIZE_TARGET ? "met" : "missed",
    });
  }
  return { rows, data };
}
