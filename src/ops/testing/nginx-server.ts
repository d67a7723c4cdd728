// Test helper: a real nginx (Debian package) running deploy/nginx/kjzs.conf with the replicas' ports and a
// free listen port substituted, inside a temporary prefix (pid, logs, temp files), in the foreground.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { ROOT_DIR } from "../../config.js";
import { freePort } from "./free-port.js";

export const NGINX_BIN = "/usr/sbin/nginx";
export const NGINX_CONF = path.join(ROOT_DIR, "deploy/nginx/kjzs.conf");

export interface TestNginx {
  url: string;
  port: number;
  /** The file nginx runs, after substitution. */
  conf: string;
  stop(): Promise<void>;
  cleanup(): Promise<void>;
}

/** deploy/nginx/kjzs.conf with its upstream `server` lines and its listen port replaced. */
export function renderNginxConf(conf: string, upstreams: readonly number[], listen: number): string {
  const servers = /^(\s*)server 127\.0\.0\.1:\d+ (.*);$/gm;
  const lines = [...conf.matchAll(servers)];
  if (!lines.length) throw new Error("deploy/nginx/kjzs.conf has no `server 127.0.0.1:PORT …;` upstream lines");
  const [indent, params] = [lines[0][1], lines[0][2]];
  let first = true;
  const out = conf.replace(servers, () => {
    if (!first) return "\u0000";
    first = false;
    return upstreams.map((p) => `${indent}server 127.0.0.1:${p} ${params};`).join("\n");
  });
  return out.replace(/\n\u0000/g, "").replace(/^(\s*)listen \d+;$/m, `$1listen 127.0.0.1:${listen};`);
}

const accepting = (port: number) =>
  new Promise<boolean>((resolve) => {
    const sock = net.connect(port, "127.0.0.1");
    sock.once("connect", () => (sock.destroy(), resolve(true)));
    sock.once("error", () => resolve(false));
  });

export async function startTestNginx(opts: { upstreams: readonly number[] }): Promise<TestNginx> {
  if (!existsSync(NGINX_BIN)) throw new Error(`${NGINX_BIN} is missing: run .ci/run (it installs the nginx package), or apt-get install nginx-light.`);
  const prefix = await mkdtemp(path.join(os.tmpdir(), "kjzs-nginx-"));
  const port = await freePort();
  const site = path.join(prefix, "kjzs.conf");
  await writeFile(site, renderNginxConf(await readFile(NGINX_CONF, "utf8"), opts.upstreams, port));
  const main = path.join(prefix, "nginx.conf");
  // The main file a Debian nginx.conf would be, reduced to what a test needs: the site file is included in http.
  await writeFile(
    main,
    // Under root the workers would switch to nobody, who cannot use this root-owned temp prefix.
    `${process.getuid?.() === 0 ? "user root;\n" : ""}worker_processes 1;\npid ${prefix}/nginx.pid;\nerror_log ${prefix}/error.log warn;\nevents { worker_connections 256; }\n` +
      // gzip on for every type, as a site compressing everything would have it: the stream must stay uncompressed.
      `http {\n  access_log off;\n  gzip on;\n  gzip_min_length 1;\n  gzip_types *;\n  client_body_temp_path ${prefix}/body;\n  proxy_temp_path ${prefix}/proxy;\n` +
      `  fastcgi_temp_path ${prefix}/fastcgi;\n  uwsgi_temp_path ${prefix}/uwsgi;\n  scgi_temp_path ${prefix}/scgi;\n  include ${site};\n}\n`,
  );
  const check = spawnSync(NGINX_BIN, ["-t", "-q", "-p", prefix, "-c", main], { encoding: "utf8" });
  if (check.status !== 0) throw new Error(`nginx -t refused deploy/nginx/kjzs.conf: ${check.stderr}`);
  const child: ChildProcess = spawn(NGINX_BIN, ["-p", prefix, "-c", main, "-g", "daemon off;"], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const deadline = Date.now() + 10_000;
  while (!(await accepting(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`nginx did not start: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise<void>((r) => child.once("exit", () => r()));
    child.kill("SIGQUIT"); // graceful: workers finish their requests
    const t = setTimeout(() => child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(t);
  };
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    conf: site,
    stop,
    async cleanup() {
      await stop();
      await rm(prefix, { recursive: true, force: true });
    },
  };
}
