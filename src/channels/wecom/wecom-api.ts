// The 企业微信 send API the channel needs: /cgi-bin/message/send (text to one member, from the self-built
// app), with tokens from /cgi-bin/gettoken. The base URL comes from config, so tests use a local fake platform.
import { makePlatformClient } from "./platform-client.js";

export interface WecomApiOptions {
  base: string;
  corpId: string;
  secret: string;
  agentId: number;
}

export interface WecomApi {
  sendText(toUser: string, content: string): Promise<void>;
}

export function makeWecomApi(opts: WecomApiOptions): WecomApi {
  const client = makePlatformClient({ base: opts.base, tokenPath: "/cgi-bin/gettoken", tokenQuery: { corpid: opts.corpId, corpsecret: opts.secret } });
  return {
    sendText: (toUser, content) =>
      client.post("/cgi-bin/message/send", { touser: toUser, msgtype: "text", agentid: opts.agentId, text: { content } }),
  };
}
