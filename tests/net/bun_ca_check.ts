/**
 * Run by bun_test.ts with Bun, with `NODE_EXTRA_CA_CERTS` naming the CA of the
 * server at the URL it is given: that CA is one Bun trusts by default. A
 * transport with `mtls.ca` set to an unrelated CA must still trust it, as the
 * option's documentation says (`ca` adds to the runtime's roots) and as Deno
 * does. Prints the response status.
 */
import { createNetTransport } from "../../src/net/transport.ts";

declare const Bun: { file(path: string): { text(): Promise<string> } };
declare const process: { argv: string[] };

const [url, certPath, keyPath, unrelatedCaPath] = process.argv.slice(2);
const transport = createNetTransport({
  mtls: {
    cert: await Bun.file(certPath).text(),
    key: await Bun.file(keyPath).text(),
    ca: await Bun.file(unrelatedCaPath).text(),
  },
});
try {
  const response = await transport(new Request(url));
  console.log(JSON.stringify({ status: response.status, body: await response.text() }));
} catch (error) {
  console.log(JSON.stringify({ error: String((error as Error).message) }));
} finally {
  transport.close();
}
