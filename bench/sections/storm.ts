/**
 * Token refresh storm section (Deno): `stormCalls` concurrent calls on an expired token must make
 * exactly one token request and take at most 1.2x the same calls with a valid token. Also
 * reported: the same burst when the server rejects a token the client still thinks valid (every
 * call gets a 401, one refresh, every call is sent again).
 *
 * @module
 */

import { baseInput, type BenchContext } from "../lib/context.ts";
import { runCase } from "../lib/proc.ts";
import {
  CONFIDENCE,
  noise,
  type Row,
  type SectionResult,
  timesWithin,
  verdictAtMost,
} from "../lib/report.ts";
import { median, pairedRatio, pairedRatioInterval, spread } from "../lib/stats.ts";

/** Expired / valid must be at most this. */
export const STORM_TARGET = 1.2;

/**
 * Token lifetime of the storm server, in seconds: the valid burst starts 1 s into it and must end
 * before it runs out, even on a slow, busy machine (a burst takes 0.1-0.3 s here). Short, so that
 * a round takes about 4.5 s and the section can afford enough rounds for a tight interval.
 */
const LIFETIME_SECONDS = 3;

interface StormResult {
  validMs: number[];
  validTokenRequests: number[];
  expiredMs: number[];
  expiredTokenRequests: number[];
  rejectedMs: number[];
  rejectedTokenRequests: number[];
}

/** Runs the section. */
export async function runStorm(ctx: BenchContext): Promise<SectionResult> {
  ctx.log(`storm: ${ctx.settings.stormRounds} rounds of ${ctx.settings.stormCalls} calls`);
  const server = await ctx.startServer({ tokenLifetimeSeconds: LIFETIME_SECONDS });
  let result: StormResult;
  try {
    result = (await runCase<StormResult>({
      cmd: "deno",
      args: ["run", "-A", "--v8-flags=--expose-gc", "bench/cases/storm_ours.ts"],
      cwd: ctx.root,
      input: {
        ...baseInput(ctx, server),
        calls: ctx.settings.stormCalls,
        rounds: ctx.settings.stormRounds,
        lifetimeSeconds: LIFETIME_SECONDS,
        warmup: ctx.settings.warmup,
      },
      timeoutMs: 300_000,
    })).result;
  } catch (error) {
    return {
      rows: [{
        figure: `token refresh storm: ${ctx.settings.stormCalls} concurrent calls, expired token`,
        ours: "failed",
        comparedWith: String(error).split("\n")[0].slice(0, 200),
        ratio: "",
        target: `1 token request, <= ${STORM_TARGET}x`,
        verdict: "error",
      }],
      data: { error: String(error) },
    };
  } finally {
    await server.stop();
  }
  // A round whose valid burst outlived its token measured nothing: leave it out.
  const usable = result.validTokenRequests.map((n) => n === 0);
  const dropped = usable.filter((u) => !u).length;
  const pick = (values: number[]) => values.filter((_, i) => usable[i]);
  if (dropped === usable.length) {
    return {
      rows: [{
        figure: `token refresh storm: ${ctx.settings.stormCalls} concurrent calls, expired token`,
        ours: "no usable round",
        comparedWith:
          "every valid-token burst outlived its token (machine too slow for the lifetime)",
        ratio: "",
        target: `1 token request, <= ${STORM_TARGET}x`,
        verdict: "error",
      }],
      data: { ...result },
    };
  }
  const all = result;
  result = {
    validMs: pick(all.validMs),
    validTokenRequests: pick(all.validTokenRequests),
    expiredMs: pick(all.expiredMs),
    expiredTokenRequests: pick(all.expiredTokenRequests),
    rejectedMs: pick(all.rejectedMs),
    rejectedTokenRequests: pick(all.rejectedTokenRequests),
  };
  const droppedNote = dropped > 0
    ? ` (${dropped} round(s) left out: valid burst outlived its token)`
    : "";
  const ratio = pairedRatio(result.expiredMs, result.validMs);
  const rejectedRatio = pairedRatio(result.rejectedMs, result.validMs);
  const interval = pairedRatioInterval(result.expiredMs, result.validMs, CONFIDENCE);
  const rejectedInterval = pairedRatioInterval(result.rejectedMs, result.validMs, CONFIDENCE);
  const oneRequest = result.expiredTokenRequests.every((n) => n === 1);
  const rows: Row[] = [
    {
      figure:
        `token refresh storm: ${ctx.settings.stormCalls} concurrent calls on an expired token`,
      ours: `${median(result.expiredMs).toFixed(0)} ms; token requests per round: ${
        result.expiredTokenRequests.join(", ")
      }${droppedNote}`,
      comparedWith: `valid token ${median(result.validMs).toFixed(0)} ms`,
      ratio: timesWithin(ratio, interval),
      target: `exactly 1 token request, <= ${STORM_TARGET}x`,
      verdict: oneRequest ? verdictAtMost(interval, STORM_TARGET) : "missed",
      noise: noise(spread(result.expiredMs)),
    },
    {
      figure: `same burst when the server rejects the token (every call 401, refresh, resend)`,
      ours: `${median(result.rejectedMs).toFixed(0)} ms; token requests per round: ${
        result.rejectedTokenRequests.join(", ")
      }`,
      comparedWith: `valid token ${median(result.validMs).toFixed(0)} ms`,
      ratio: timesWithin(rejectedRatio, rejectedInterval),
      target: "exactly 1 token request (report time)",
      verdict: result.rejectedTokenRequests.every((n) => n === 1) ? "report" : "missed",
      noise: noise(spread(result.rejectedMs)),
    },
  ];
  return {
    rows,
    data: { all, ...result, dropped, ratio, interval, rejectedRatio, rejectedInterval },
  };
}
