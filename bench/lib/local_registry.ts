/**
 * A loopback JSR registry holding this package, so that a benchmark can use the package the
 * way its users do: `deno check` of a script importing `jsr:@cxkit/genesys-cloud/users` with
 * `JSR_URL` pointing here. Deno then type-checks the package through its fast-check
 * declarations (exported signatures, no function bodies), as it does for any JSR package.
 *
 * The files served are exactly those `deno publish --dry-run` lists, with import-map
 * specifiers rewritten to what they map to (`jose/jwt/decode` becomes
 * `npm:jose@6.2.17/jwt/decode`), as `deno publish` does before uploading.
 *
 * @module
 */

/** A running registry. */
export interface LocalRegistry {
  /** Base URL, for `JSR_URL` (ends with `/`). */
  url: string;
  /** `jsr:` specifier of the package root, e.g. `jsr:@cxkit/genesys-cloud@0.1.0`. */
  specifier: string;
  /** Number of files served. */
  files: number;
  /** Stops the server. */
  close(): Promise<void>;
}

interface DenoConfig {
  name: string;
  version: string;
  exports: Record<string, string>;
  imports?: Record<string, string>;
}

/**
 * Files `deno publish --dry-run` would upload, as paths from the package root (`/mod.ts`).
 * Types are not checked here (the package's CI does that).
 */
export async function publishedFiles(root: string): Promise<string[]> {
  const out = await new Deno.Command("deno", {
    args: ["publish", "--dry-run", "--allow-dirty", "--no-check"],
    cwd: root,
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  // The file list goes to stderr.
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  if (!out.success) {
    throw new Error(`deno publish --dry-run failed in ${root}:\n${text.slice(-3000)}`);
  }
  const rootUrl = new URL(`file://${root.endsWith("/") ? root : `${root}/`}`).href;
  const files: string[] = [];
  for (const line of text.split("\n")) {
    const match = /^\s+(file:\/\/\S+) \(/.exec(line);
    if (match && match[1].startsWith(rootUrl)) {
      files.push(`/${decodeURIComponent(match[1].slice(rootUrl.length))}`);
    }
  }
  if (!files.includes("/deno.json")) {
    throw new Error(`deno publish --dry-run listed no package files in ${root}:\n${text}`);
  }
  return files;
}

/**
 * Rewrites the module specifiers of `source` that the import map names (exact keys, and
 * prefix keys ending in `/`) to their targets.
 *
 * @example
 * ```ts
 * import { unfurlSpecifiers } from "./local_registry.ts";
 * const map = { "jose/": "npm:/jose@6.2.17/" };
 * console.log(unfurlSpecifiers('import { decodeJwt } from "jose/jwt/decode";', map));
 * // import { decodeJwt } from "npm:jose@6.2.17/jwt/decode";
 * ```
 */
export function unfurlSpecifiers(source: string, imports: Record<string, string>): string {
  const prefixes = Object.keys(imports).filter((k) => k.endsWith("/"))
    .sort((a, b) => b.length - a.length);
  const target = (specifier: string): string => {
    if (Object.hasOwn(imports, specifier)) return imports[specifier];
    const prefix = prefixes.find((p) => specifier.startsWith(p));
    return prefix ? imports[prefix] + specifier.slice(prefix.length) : specifier;
  };
  return source.replace(
    /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(["'])([^"'\n]+)\2/g,
    (_all, lead: string, quote: string, specifier: string) =>
      `${lead}${quote}${target(specifier).replace(/^npm:\//, "npm:")}${quote}`,
  );
}

async function sha256(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Serves the package at `root` as a JSR registry on 127.0.0.1 (an ephemeral port).
 *
 * @example
 * ```ts ignore
 * import { startLocalRegistry } from "./local_registry.ts";
 * const registry = await startLocalRegistry("/path/to/repo/");
 * // JSR_URL=registry.url deno check script.ts  (script imports `${registry.specifier}/users`)
 * await registry.close();
 * ```
 */
export async function startLocalRegistry(root: string): Promise<LocalRegistry> {
  const base = root.endsWith("/") ? root : `${root}/`;
  const config = JSON.parse(await Deno.readTextFile(`${base}deno.json`)) as DenoConfig;
  const [scope, name] = config.name.replace(/^@/, "").split("/");
  const contents = new Map<string, Uint8Array<ArrayBuffer>>();
  const manifest: Record<string, { size: number; checksum: string }> = {};
  for (const path of await publishedFiles(base)) {
    let bytes: Uint8Array<ArrayBuffer> = await Deno.readFile(`${base}${path.slice(1)}`);
    if (/\.(ts|js|mjs|mts|tsx|jsx)$/.test(path)) {
      const text = unfurlSpecifiers(new TextDecoder().decode(bytes), config.imports ?? {});
      bytes = new TextEncoder().encode(text);
    }
    contents.set(path, bytes);
    manifest[path] = { size: bytes.length, checksum: `sha256-${await sha256(bytes)}` };
  }
  const packagePath = `/@${scope}/${name}`;
  const versionPath = `${packagePath}/${config.version}`;
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (req) => {
    const path = decodeURIComponent(new URL(req.url).pathname);
    if (path === `${packagePath}/meta.json`) {
      return Response.json({
        scope,
        name,
        latest: config.version,
        versions: { [config.version]: {} },
      });
    }
    if (path === `${versionPath}_meta.json`) {
      return Response.json({ manifest, exports: config.exports });
    }
    const file = path.startsWith(`${versionPath}/`)
      ? contents.get(path.slice(versionPath.length))
      : undefined;
    return file ? new Response(file) : new Response("not found", { status: 404 });
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}/`,
    specifier: `jsr:${config.name}@${config.version}`,
    files: contents.size,
    close: () => server.shutdown(),
  };
}
