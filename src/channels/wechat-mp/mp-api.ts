// The 公众号 客服消息 API (/cgi-bin/message/custom/send), for answers too slow for a passive reply; tokens
// come from /cgi-bin/token. The base URL comes from config, so tests use a local fake platform.
import { makePlatformClient } from "../wecom/platform-client.js";

export interface MpApi {
  sendText(openId: string, content: string): Promise<void>;
}

export function makeMpApi(opts: { base: string; appId: string; appSecret: string }): MpApi {
  const client = makePlatformClient({
    base: opts.base,
    tokenPath: "/cgi-bin/token",
    tokenQuery: { grant_type: "client_credential", appid: opts.appId, secret: opts.appSecret },
  });
  return { sendText: (openId, content) => client.post("/cgi-bin/message/custom/send", { touser: openId, msgtype: "text", text: { content } }) };
}
