// How a mention is meant, from the words around it in its clause: whose it is (the asker's, a partner's, an
// organisation the asker belongs to), whether it is denied, pending, wished for or asked about, and when it
// happened. Only function words and their order are used — closed classes of Chinese grammar — so the same
// reading applies to every term the extractors look for.
import { clauseAt, type Clause } from "./clauses.js";

export type Holder = "asker" | "partner" | "affiliate" | "other";
export type Certainty =
  | "stated" // 我们是高企
  | "pending" // 高企还在评审中 / 正在申请高企
  | "wanted" // 想找银行贷款 (a need, not a fact)
  | "requested" // 能申请新获批高企的后补助吗 (the object of the request names a category)
  | "questioned"; // 我们还算初创企业吗
export type Recency = "recent" | "old";

export interface MentionRole {
  holder: Holder;
  negated: boolean;
  certainty: Certainty;
  recency?: Recency;
  /** A year stated with the mention ("2019年认定的高企"). */
  year?: number;
}

// A negation, optionally with the verb it negates: "不是高企", "没被认定过孵化器", "不想出钱", "还没有科技贷款".
const NEGATION_BEFORE =
  /(不是|并非|并不是|还不是|不算|不属于|并不|从未|从没|没有|没|未|尚未|还没有|还没|还未|不再|不|非|无)(被)?(认定|评为|评上|获批|获得|拿到|通过|成为|属于|算|是|有|办|做|搞|想|愿意|打算|去|在)?(过|为|了|上|到)?(一家|一个|一所|一笔|任何|什么)?$/;
// "能不能", "是不是", "有没有": an A-not-A question, not a negation.
const A_NOT_A = /(.)[不没]\1/g;
const NEGATION_AFTER =
  /^[^，,。；;]{0,3}(还没|没有|没|未|尚未)[^，,。；;]{0,2}(批|下来|通过|获批|认定|拿到|评上|到手)|^[^，,。；;]{0,3}(被拒|没通过|未通过|落选)|^[^，,。；;]{0,2}(也|都|并)?(不是|不在|不属于)(我们|本单位|我单位|我司)/;
// "在" alone is a place ("在研究所"), not progress: only 正在 marks a status under way without a verb.
const PENDING_BEFORE = /(正在|在|准备|打算|计划|拟|待|等着|争取)(申请|申报|认定|评审|审核|评|报)[^，,。；;]{0,4}$|正在[^，,。；;]{0,2}$/;
const PENDING_AFTER =
  /^[^。；;]{0,12}(申请中|申报中|审核中|审批中|评审中|公示中|认定中|还在审|在审|还在评审|待批|待审|在走流程|流程中|还在申报|还在申请|正在申请|正在申报|交上去了|报上去了|提交了|递交了)/;
const WANT_BEFORE = /(想|想要|想找|要|打算|准备|希望|计划|需要|缺|求|找)[^，,。；;]{0,6}$/;
// The object of a request: "能申请新获批高企的后补助吗" names a category, it does not say the asker is one.
const REQUEST_BEFORE = /(能|可以|可否|能否|想|要|怎么|如何|是否|有没有)[^，,。；;]{0,4}(申请|申报|享受|拿|领|获得|报|揭)(?![了过])[^，,。；;]{0,8}$|(关于|针对|对于|apply for|apply to|about)[^，,。；;]{0,8}$/i;
// The group a support is for ("给科技型中小企业的贴息", "for tech SMEs"): a category named, not a claim.
const BENEFICIARY_BEFORE = /(?<!作)(面向|针对|对于|给|为)$/;
const QUESTIONED_BEFORE = /(算不算|还算|算是|算|是不是|是否|属不属于|属于|够不够|够)[^，,。；;]{0,3}$/;
/** Words by which the asker speaks of itself. */
export const SELF = /(我们|我司|本单位|我单位|我是|我们是|本公司|我公司|咱们|咱|俺们|we are|we're|i am|i'm|\bour\b|\bwe\b)/i;
// Partner: "和/跟/与 X 合作", "联合 X", "合作方是 X".
const PARTNER_BEFORE = /(和|与|跟|同|联合|携手|对接|找|向|帮|给)(一家|一个|一所|几家|某|一些|多家|国外|外国|境外)?[^，,。；;和与跟同]{0,20}$|(合作方|合作伙伴|合作单位|合作对象|对方|伙伴)(是|为|在)?[^，,。；;]{0,10}$|\b(with|partner(?:ing)? with|together with)\b[^,.;]{0,30}$/i;
const PARTNER_AFTER = /^[^，,。；;]{0,14}(合作|联合|共建|一起|共同|搞|对接|签约|开展|攻关|研发|协作|往来|交流)/;
// Affiliate: "X附属医院", "X的合作单位", "X下属公司" — X is not the asker, the asker belongs to or works with X;
// a place word after X puts the asker inside it ("孵化器里的小公司", "园区内的企业").
const AFFILIATE_AFTER = /^(的)?(附属|下属|旗下|所属|合作单位|合作方|子公司|分公司|孵化的|投资的|派出|在汉)|^(里|内|中|里面|内部)的/;
const OTHER_BEFORE = /(帮|替|给|客户|朋友|别人|别的|其他|其它|某)[^，,。；;]{0,4}$|(让|叫|由|靠)[^，,。；;]{0,4}$/;
// A clause about a third party: "主持单位在北京", "牵头的是北京单位".
const THIRD_PARTY_BEFORE = /(主持单位|牵头单位|牵头的|牵头方|对方|他们|对方单位|合作方)(是|在|为|位于)?$/;
// Last year counts as recent: a status approved last year is what "新获批" supports the year after.
const RECENT = /(刚刚|刚|新|今年|本年|去年|上个月|上月|这个月|本月|最近|近期|前几天|上周|第一次|首次|头一回|this year|last year|last month|recently|just|newly|first time)/i;
const OLD = /(早就|早已|多年|好几年|很多年|几年前|以前|老牌|之前就)/;
const YEAR = /((?:19|20)\d{2})年/;

/** When a stretch of text says something happened: recent, old, or in a year. */
export function timeOf(text: string): { recency?: Recency; year?: number } {
  const y = YEAR.exec(text);
  const recency: Recency | undefined = OLD.test(text) ? "old" : RECENT.test(text) ? "recent" : undefined;
  return { ...(recency && { recency }), ...(y && { year: Number(y[1]) }) };
}

/** The reading of the mention at [start, end) of `text`, whose clauses are `clauses`. */
export function mentionRole(text: string, start: number, end: number, clauses: readonly Clause[]): MentionRole {
  const clause = clauseAt(clauses, start);
  const cStart = clause?.start ?? 0;
  const cEnd = clause?.end ?? text.length;
  const before = text.slice(cStart, start);
  // A next clause that goes on to deny or qualify ("打算去银行贷款 还没贷下来") belongs to the reading.
  const next = clauses.find((c) => c.start >= cEnd);
  const continues = next && /^(但|但是|可|可是|只是)?(还没|没有|没|未|尚未|还在|正在)/.test(next.text);
  const after = text.slice(end, cEnd) + (continues ? next.text : "");
  const near = before.slice(-8).replace(A_NOT_A, "");

  let holder: Holder = "asker";
  if (AFFILIATE_AFTER.test(after)) holder = "affiliate";
  else if (PARTNER_BEFORE.test(before) && (PARTNER_AFTER.test(after) || /(联合|携手|合作方|合作伙伴|合作单位|合作对象|对方|伙伴)[^，,。；;]{0,20}$/.test(before) || /\bwith\b/i.test(before))) holder = "partner";
  else if ((OTHER_BEFORE.test(near) && !SELF.test(before)) || THIRD_PARTY_BEFORE.test(before)) holder = "other";

  const negated = NEGATION_BEFORE.test(near) || NEGATION_AFTER.test(after);
  let certainty: Certainty = "stated";
  if (PENDING_AFTER.test(after) || PENDING_BEFORE.test(before.slice(-8))) certainty = "pending";
  // The A-not-A form is the question itself here ("算不算骨干企业"), so it is read before it is stripped.
  else if (clause?.interrogative && QUESTIONED_BEFORE.test(before.slice(-8)) && !/(能|可以|可否|能否)[^，,。；;]{0,6}$/.test(near)) certainty = "questioned";
  else if ((REQUEST_BEFORE.test(before.slice(-10)) && !SELF.test(before.slice(-6))) || BENEFICIARY_BEFORE.test(before)) certainty = "requested";
  else if (WANT_BEFORE.test(before.slice(-8))) certainty = "wanted";

  const around = before.slice(-8) + text.slice(start, end) + after.slice(0, 8);
  const yearMatch = YEAR.exec(before.slice(-10) + after.slice(0, 10));
  const year = yearMatch ? Number(yearMatch[1]) : undefined;
  const recency: Recency | undefined = OLD.test(around) ? "old" : RECENT.test(before.slice(-12)) ? "recent" : undefined;
  return { holder, negated, certainty, ...(recency && { recency }), ...(year && { year }) };
}
