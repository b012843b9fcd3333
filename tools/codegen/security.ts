/**
 * Security schemes: which credential an operation sends, read from the
 * definition's `securityDefinitions` rather than from scheme names alone.
 *
 * - `type: "oauth2"` (any name: `PureCloud OAuth`, 2018's `PureCloud Auth`) is
 *   the OAuth access token, `oauth`.
 * - A token sent in the `Authorization` header (`type: "apiKey"`,
 *   `in: "header"`, `name: "Authorization"`, as `Guest Chat JWT` is declared)
 *   is one of the two JWTs the client holds besides the access token; the
 *   scheme's name says which: a name with the word `messaging` or `webmessaging`
 *   is the web-messaging JWT, one with `guest` or `chat` the guest-chat JWT.
 * - A scheme operations use but `securityDefinitions` leaves out (2025-07 uses
 *   `Webmessaging JWT` without declaring it) is taken as such a token when its
 *   name says which.
 *
 * Anything else (HTTP basic, an API key in a query or another header, a token
 * whose name says neither) is a {@linkcode DefinitionError} naming the
 * operation and the scheme; `--auth "<scheme>=<kind>"` decides such a scheme.
 *
 * @module
 */

import type { AuthKind } from "../../src/base/endpoint.ts";
import { words } from "./names.ts";
import {
  DefinitionError,
  type SecurityRequirement,
  type SecurityScheme,
  type SwaggerDocument,
} from "./swagger.ts";

/** Credential kinds chosen on the command line, by scheme name; they win over the definition. */
export type AuthOverrides = { readonly [scheme: string]: AuthKind };

/** Every credential kind, for checking `--auth` values. */
export const AUTH_KINDS: readonly AuthKind[] = ["oauth", "guest", "webmessaging", "none"];

/**
 * The JWT kind a scheme's name announces: `webmessaging` for a name with the
 * word `messaging` or `webmessaging`, `guest` for one with `guest` or `chat`,
 * `undefined` otherwise.
 *
 * @example
 * ```ts
 * import { tokenKindOfName } from "./security.ts";
 * console.log(tokenKindOfName("Guest Chat JWT")); // "guest"
 * ```
 */
export function tokenKindOfName(name: string): "guest" | "webmessaging" | undefined {
  const lower = words(name).map((w) => w.toLowerCase());
  if (lower.some((w) => w === "messaging" || w === "webmessaging")) return "webmessaging";
  if (lower.some((w) => w === "guest" || w === "chat" || w === "webchat")) return "guest";
  return undefined;
}

/** True when the scheme declares a token sent as the `Authorization` header. */
function isAuthorizationToken(scheme: SecurityScheme): boolean {
  return scheme.type === "apiKey" && scheme.in === "header" &&
    scheme.name?.toLowerCase() === "authorization";
}

/** How a declared scheme is described in errors (`apiKey in query "key"`). */
function describe(scheme: SecurityScheme | undefined): string {
  if (scheme === undefined) return "not declared in securityDefinitions";
  const where = scheme.in !== undefined ? ` in ${scheme.in}` : "";
  const name = scheme.name !== undefined ? ` ${JSON.stringify(scheme.name)}` : "";
  return `declared as ${JSON.stringify(scheme.type)}${where}${name}`;
}

/**
 * The credential kind of the scheme `name` (declared as `scheme`, or not
 * declared), or the reason none fits.
 */
export function classifyScheme(
  name: string,
  scheme: SecurityScheme | undefined,
): AuthKind | { readonly problem: string } {
  if (scheme?.type === "oauth2") return "oauth";
  if (scheme === undefined || isAuthorizationToken(scheme)) {
    const kind = tokenKindOfName(name);
    if (kind !== undefined) return kind;
    return {
      problem: `security scheme "${name}" (${
        describe(scheme)
      }) is neither OAuth 2 nor a guest-chat or web-messaging token the client can send`,
    };
  }
  return {
    problem: `security scheme "${name}" (${
      describe(scheme)
    }) cannot be sent: the client sends an OAuth access token or a guest-chat or web-messaging JWT in the Authorization header`,
  };
}

/**
 * A function giving the credential of a list of security requirements (the
 * first non-empty requirement's first scheme; `none` when there is none),
 * for the document `doc`. `overrides` decide schemes by name first. Throws a
 * {@linkcode DefinitionError} naming `where` (the operation) and the scheme
 * when the scheme cannot be expressed.
 */
export function authResolver(
  doc: SwaggerDocument,
  overrides: AuthOverrides = {},
): (security: readonly SecurityRequirement[] | undefined, where: string) => AuthKind {
  const declared = doc.securityDefinitions ?? {};
  const known = new Map<string, AuthKind | { readonly problem: string }>();
  return (security, where) => {
    const first = security?.find((req) => Object.keys(req).length > 0);
    if (first === undefined) return "none";
    const scheme = Object.keys(first)[0];
    let kind = known.get(scheme);
    if (kind === undefined) {
      kind = Object.hasOwn(overrides, scheme)
        ? overrides[scheme]
        : classifyScheme(scheme, Object.hasOwn(declared, scheme) ? declared[scheme] : undefined);
      known.set(scheme, kind);
    }
    if (typeof kind === "object") {
      throw new DefinitionError(
        `${where}: ${kind.problem}; choose its credential with --auth "${scheme}=<${
          AUTH_KINDS.join("|")
        }>"`,
      );
    }
    return kind;
  };
}
