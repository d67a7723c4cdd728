// Places in a message and whose they are: where the asker is registered ("我们在孝感注册的"), where a partner is
// ("跟巴西一个实验室联合攻关", "合作方换成长沙的大学"), and another government whose policy is asked about
// ("上海的科技小巨人项目"). Places come from the gazetteer (administrative divisions and ISO countries).
import type { Place } from "../knowledge.js";
import type { Clause } from "./clauses.js";
import type { FrameLexicon } from "./frame-lexicon.js";
import { mentionRole, type MentionRole } from "./mention-role.js";

export interface PlaceMention {
  place: Place;
  term: string;
  start: number;
  end: number;
  role: MentionRole;
}

export interface PlaceFacts {
  /** Where the asker is, when it says so. */
  location?: PlaceMention;
  partners: PlaceMention[];
  /** Where the asker wants to do something (set up a centre abroad). */
  activity: PlaceMention[];
  /** A government other than the plan's whose policy the request is about. */
  otherGovernment?: PlaceMention;
  /** Places mentioned only in passing (where an event is held, where one travels). */
  incidental: PlaceMention[];
}

const LOCATED_BEFORE = /(在|位于|注册在|注册于|注册地在|注册地是|落户|落户在|总部在|总部位于|来自|地处|扎根|属于|是)$|(我们|我司|本单位|我单位|公司|企业|单位)$/;
// "孝感注册的", "岳阳的企业", "光谷一家公司": the place is where an organisation is (nothing like 对/给 between).
const LOCATED_AFTER = /^(注册|落户)|^(市|省|区|县)?(的|本地|当地|籍|这边的|那边的)?(一家|一所|一个|某|几家)?[^，,。；;对给有]{0,3}(企业|公司|单位|高校|大学|医院|孵化器|众创空间|机构|团队|工厂|研究院|研究所)/;
// A government's policy: the place names a programme, a policy or a government body, or gives support.
const GOVERNMENT_AFTER = /^[^，,。；;]{0,14}(政策|补贴|补助|资助|扶持|奖励|计划|项目|人才|科技局|科技厅|政府|规定|创新券|办法|细则)|^[^，,。；;]{0,6}(给|对|出台|发布)/;
const PARTNER_VERB_BEFORE = /(换成|改成|换为|改为|变成|对口支援|对口支持|对口帮扶|支援|帮扶)[^，,。；;]{0,4}$/;
// Where the asker wants to do something ("想在新加坡设个研发据点"): a place of the activity, not of the asker.
const ACTIVITY_BEFORE = /(想|要|打算|准备|计划|希望)(在|去|到)$|(去|到|赴|前往|派往)$/;

export function extractPlaces(
  text: string,
  clauses: readonly Clause[],
  lex: FrameLexicon,
  insideName: (text: string, start: number, end: number) => boolean = () => false,
): PlaceFacts {
  const out: PlaceFacts = { partners: [], activity: [], incidental: [] };
  for (const h of lex.places.findAll(text)) {
    // "湖北实验室", "光谷科创大走廊": a place inside a plan name is part of the name.
    if (insideName(text, h.start, h.end)) continue;
    const role = mentionRole(text, h.start, h.end, clauses);
    const m: PlaceMention = { place: h.value, term: h.term, start: h.start, end: h.end, role };
    const before = text.slice(Math.max(0, h.start - 6), h.start);
    const after = text.slice(h.end, h.end + 14);
    if (role.holder === "other") {
      // "主持单位在北京": a third party's place.
      out.incidental.push(m);
    } else if (role.holder === "partner" || PARTNER_VERB_BEFORE.test(before)) {
      if (!role.negated) out.partners.push(m);
    } else if (ACTIVITY_BEFORE.test(before)) {
      out.activity.push(m);
    } else if (LOCATED_BEFORE.test(before) || LOCATED_AFTER.test(after)) {
      // The first statement of where the asker is counts: it is where it is registered ("注册在上海，在武汉有研发团队").
      out.location ??= m;
    } else if (!h.value.home && GOVERNMENT_AFTER.test(after)) {
      out.otherGovernment ??= m;
    } else out.incidental.push(m);
  }
  return out;
}
