// The server side of the HTTP benchmark, run in its own child so autocannon (in the parent) and the
// server do not share an event loop or a core.
import type { Config } from "../config.js";
import { buildApp } from "../channels/web/app.js";
import { makeAssistant } from "../wiring.js";
import { peakRssMiB } from "./stats.js";

export interface HttpServerParams {
  config: Config;
}

export interface HttpServerResult {
  peakRssMiB: number;
}

export async function serveForBench(
  p: HttpServerParams,
  onReady: (port: number) => Promise<void>,
  onDone: (r: HttpServerResult) => Promise<void>,
): Promise<void> {
  const assistant = await makeAssistant(p.config);
  const app = await buildApp({ assistant, config: p.config });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const address = app.server.address();
  if (!address || typeof address === "string") throw new Error("server has no TCP address");
  const stopped = new Promise<void>((resolve) => {
    process.on("message", (m) => {
      if (m === "stop") resolve();
    });
  });
  await onReady(address.port);
  await stopped;
  await app.close();
  await assistant.close();
  await onDone({ peakRssMiB: peakRssMiB() });
}
