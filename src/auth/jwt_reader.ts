/**
 * Loads the JWT reader (`jwt.ts`, and `jose` behind it) on first use, so that
 * programs that never see a guest or web messaging JWT never load `jose`, and
 * importing the package does not start the runtime's npm resolution.
 *
 * @module
 */

import type { JwtTimes } from "./jwt.ts";

let reader: Promise<typeof import("./jwt.ts")> | undefined;

/**
 * The `exp` and `iat` of a JWT (see `jwt.ts`), loading the reader the first
 * time; empty when the value is not a JWT.
 *
 * @example
 * ```ts
 * import { readJwtTimes } from "./jwt_reader.ts";
 * console.log(await readJwtTimes("not-a-jwt")); // {}
 * ```
 */
export async function readJwtTimes(jwt: string): Promise<JwtTimes> {
  const { jwtTimes } = await (reader ??= import("./jwt.ts"));
  return jwtTimes(jwt);
}
