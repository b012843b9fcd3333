/**
 * Starts a real `nginx` (Debian package) as an HTTPS gateway on a free
 * 127.0.0.1 port, in the foreground (`daemon off`), with every file (config,
 * pid, logs, temp paths) in a temp dir. It requires a client certificate
 * signed by the test CA (`ssl_verify_client on`) and forwards
 * `/login/...` and `/api/...` (prefix stripped) to a plain-HTTP backend, so
 * `client.setGateway({ host, port, protocol: "https", pathParamsLogin: "login",
 * pathParamsApi: "api" })` reaches the backend's `/oauth/...` and `/api/v2/...`.
 *
 * @module
 */

import type { TestPki } from "./certs.ts";
import { freePort, readIfExists, spawnServer, waitForPort } from "./process.ts";

/** Options of {@linkcode startNginxGateway}. */
export interface NginxGatewayOptions {
  /** Backend base URL, e.g. `http://127.0.0.1:8080` (no path). */
  backendUrl: string;
  /** Certificates: `server` is presented, `ca` verifies client certificates. */
  pki: TestPki;
  /** Require a client certificate (default true). */
  verifyClient?: boolean;
  /** Offer HTTP/2 by ALPN beside HTTP/1.1 (default false: HTTP/1.1 only). */
  http2?: boolean;
  /**
   * Requests served on one client connection before nginx closes it (nginx's
   * `keepalive_requests`, default 1000): HTTP/1.1 answers the last one with
   * `Connection: close`, HTTP/2 sends a GOAWAY.
   */
  keepaliveRequests?: number;
  /** Keep connections to the backend open between requests (default false: one per request). */
  upstreamKeepalive?: boolean;
  /**
   * A backend status (300-599) that nginx turns into no answer at all
   * (`return 444`): on HTTP/1.1 it closes the client connection (TLS
   * close_notify, then FIN), on HTTP/2 it resets the stream. Lets a backend
   * make the gateway drop a request it has read.
   */
  dropOnStatus?: number;
}

/** A running nginx gateway. */
export interface NginxGateway extends AsyncDisposable {
  /** The port it listens on (HTTPS). */
  port: number;
  /** `https://localhost:<port>`. */
  url: string;
  /** The temp dir with `nginx.conf`, `error.log`, `access.log`. */
  dir: string;
  /** The access log text (one line per request, with the client certificate subject). */
  accessLog(): string;
  /**
   * The access log lines, once there are at least `count` (nginx writes a line
   * just after answering, so a client can be faster): polls up to 5 s.
   */
  accessLines(count: number): Promise<string[]>;
  /** Stops nginx, awaits its exit and removes the temp dir. */
  stop(): Promise<void>;
}

/** Starts the gateway and waits (up to 10 s) until it accepts connections. */
export async function startNginxGateway(opts: NginxGatewayOptions): Promise<NginxGateway> {
  const dir = await Deno.makeTempDir({ prefix: "nginx-gw-" });
  for (const sub of ["body", "proxy", "fastcgi", "uwsgi", "scgi"]) {
    await Deno.mkdir(`${dir}/${sub}`);
  }
  const backend = new URL(opts.backendUrl);
  const upstream = opts.upstreamKeepalive ? "http://backend/" : `http://${backend.host}/`;
  const upstreamBlock = opts.upstreamKeepalive
    ? `upstream backend { server ${backend.host}; keepalive 16; }
  proxy_http_version 1.1;
  proxy_set_header Connection "";`
    : "";
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = freePort();
    const conf = `
${Deno.uid() === 0 ? "user root root;" : ""}
daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log info;
events { worker_connections 64; }
http {
  log_format gw '$request $status client="$ssl_client_s_dn" verify=$ssl_client_verify';
  access_log ${dir}/access.log gw;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  ${opts.keepaliveRequests ? `keepalive_requests ${opts.keepaliveRequests};` : ""}
  ${upstreamBlock}
  server {
    # Debian's nginx 1.22 takes \`http2\` on \`listen\` (\`http2 on;\` came in 1.25.1).
    listen 127.0.0.1:${port} ssl${opts.http2 ? " http2" : ""};
    server_name localhost 127.0.0.1;
    ssl_certificate ${opts.pki.server.certPath};
    ssl_certificate_key ${opts.pki.server.keyPath};
    ssl_client_certificate ${opts.pki.ca.certPath};
    ssl_verify_client ${opts.verifyClient === false ? "optional" : "on"};
    location /login/ { proxy_pass ${upstream}; }
    location /api/ { proxy_pass ${upstream}; }
    ${
      opts.dropOnStatus
        ? `proxy_intercept_errors on;
    error_page ${opts.dropOnStatus} = @drop;
    location @drop { return 444; }`
        : ""
    }
  }
}
`;
    await Deno.writeTextFile(`${dir}/nginx.conf`, conf);
    const proc = spawnServer("nginx", [
      "-p",
      dir,
      "-c",
      `${dir}/nginx.conf`,
      "-e",
      `${dir}/error.log`,
    ], dir);
    try {
      await waitForPort(port, {
        what: "nginx",
        exited: proc.exited,
        log: () => readIfExists(`${dir}/error.log`),
      });
    } catch (error) {
      lastError = error;
      await proc.stop();
      continue;
    }
    const stop = async () => {
      await proc.stop();
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    };
    return {
      port,
      url: `https://localhost:${port}`,
      dir,
      accessLog: () => readIfExists(`${dir}/access.log`),
      accessLines: async (count) => {
        const deadline = Date.now() + 5_000;
        for (;;) {
          const lines = readIfExists(`${dir}/access.log`).split("\n").filter(Boolean);
          if (lines.length >= count || Date.now() > deadline) return lines;
          await new Promise((r) => setTimeout(r, 20));
        }
      },
      stop,
      [Symbol.asyncDispose]: stop,
    };
  }
  await Deno.remove(dir, { recursive: true }).catch(() => {});
  throw lastError;
}
