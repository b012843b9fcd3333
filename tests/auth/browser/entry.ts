/** Browser bundle for the auth browser tests: the package's client and popup helper on `globalThis.genesys`. */
import { completeAuthPopup, PlatformClient } from "../../../mod.ts";

(globalThis as unknown as { genesys: unknown }).genesys = { PlatformClient, completeAuthPopup };
