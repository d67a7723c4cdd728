// Who is asking: applicant type, stage, needs and location, read from the question and merged into the session.
import type { Profile } from "./types.js";
import { containsAny } from "./normalize.js";

// Cue words → controlled-vocabulary applicant terms. Order matters: narrower types first.
const APPLICANT_CUES: [string, string[]][] = [
  ["科技型中小企业", ["科技型中小企业", "科技中小企业", "科小", "科技型小企业", "tech sme", "technology-based sme", "small tech company", "tech smes"]],
  ["高新技术企业", ["高新技术企业", "高企", "国高", "高新企业", "high-tech enterprise", "high tech enterprise", "hnte"]],
  ["初创企业", ["初创企业", "初创公司", "初创团队", "刚成立", "刚注册", "新成立", "刚创业", "创业公司", "创业团队", "start-up", "startup", "newly founded", "just founded"]],
  ["龙头/领军企业", ["龙头企业", "领军企业", "链主", "行业龙头", "头部企业", "上市公司", "大型企业", "大企业", "leading company", "industry leader"]],
  ["科技型骨干企业", ["骨干企业"]],
  ["新型研发机构", ["新型研发机构", "新研机构", "工业技术研究院", "工研院", "产业技术研究院", "new-type r&d institution"]],
  ["孵化载体", ["孵化器", "众创空间", "星创天地", "孵化载体", "加速器", "incubator", "maker space", "makerspace", "accelerator"]],
  ["技术转移机构", ["技术转移机构", "技术转移中心", "技术经纪", "技术合同登记", "technology transfer office"]],
  ["医疗机构", ["医院", "医疗机构", "卫生院", "三甲", "临床", "诊所", "hospital", "clinic"]],
  ["区/园区", ["区政府", "区科技局", "区里", "园区", "开发区", "管委会", "街道", "district government", "industrial park"]],
  ["科技特派员", ["科技特派员", "特派员", "下乡"]],
  ["青年科技人才", ["青年科技人才", "青年教师", "青年人才", "博士后", "博士生", "博士", "讲师", "年轻老师", "青椒", "young researcher", "phd", "postdoc"]],
  ["高校", ["高校", "大学", "武大", "华科", "华中大", "华师", "华农", "地大", "武理工", "武汉理工", "中南财", "湖大", "武科大", "江大", "学院", "学校", "教授", "老师", "课题组", "实验室主任", "university", "college", "professor", "faculty"]],
  ["科研院所", ["科研院所", "研究所", "研究院", "科学院", "院所", "research institute", "institute"]],
  ["智库/研究机构", ["智库", "咨询机构", "think tank"]],
  ["社会组织", ["社会组织", "协会", "学会", "商会", "联盟", "基金会", "association", "society"]],
  ["活动主办方", ["主办方", "承办", "办会", "办比赛", "举办", "organizer", "host an event"]],
  ["企业", ["企业", "公司", "厂", "工厂", "我司", "本公司", "民企", "外企", "外资", "国企", "央企", "私企", "股份", "有限公司", "制造业", "老板", "company", "firm", "enterprise", "factory", "business", "manufacturer"]],
];

const STAGE_CUES: [string, string[]][] = [
  ["新获批高新技术企业", ["新获批高新技术企业", "新认定的高企", "新认定高企", "刚认定", "刚评上高企", "刚拿到高企", "今年评上高企", "刚通过高企", "新获批高企", "刚获批", "newly certified", "newly recognized"]],
  ["已是高新技术企业", ["是高企", "已经是高企", "是高新技术企业", "高企资质", "we are a high-tech"]],
  ["初创期", ["初创", "刚成立", "刚注册", "新成立", "刚创业", "start-up", "startup", "just founded"]],
  ["科技型中小企业", ["科技型中小企业", "科小", "入库科技型中小企业", "tech sme"]],
  ["获国家科技奖", ["国家科技奖", "国家科学技术奖", "国家科技进步奖", "国家技术发明奖", "国家自然科学奖", "national science and technology award", "national s&t award"]],
  ["牵头国家科技项目", ["牵头承担国家", "牵头国家", "国家重点研发计划项目", "国家科技重大专项", "国家级项目", "national key r&d", "national project"]],
  ["有科技贷款", ["科技贷款", "科技贷", "贷款", "贷了款", "贷了", "银行贷", "借款", "借了钱", "loan", "borrow"]],
];

const NEEDS: [string, string[]][] = [
  ["financing", ["贷款", "融资", "贴息", "利息", "保费", "担保", "缺钱", "资金周转", "loan", "financing", "interest"]],
  ["platform", ["平台", "实验室", "研发中心", "技术创新中心", "platform", "laboratory"]],
  ["basic-research", ["基础研究", "自然科学基金", "自由探索", "选题", "basic research", "fundamental research"]],
  ["international", ["国际", "海外", "外国", "一带一路", "离岸", "international", "overseas", "foreign", "belt and road"]],
  ["transfer", ["成果转化", "转化", "中试", "小试", "产业化", "技术转移", "pilot", "commerciali"]],
  ["incubation", ["孵化", "众创", "创业", "incubat"]],
];

const OBJECT_OF_REQUEST = /(申请|申报|享受|关于|针对|apply for|apply to|about)/i;

// Patterns for stages whose wording varies too much for a word list ("新获批国家高新技术企业", "刚评上国高").
const STAGE_PATTERNS: [string, RegExp][] = [
  ["新获批高新技术企业", /(新|刚|今年|去年)(获批|认定|评上|拿到|通过|获得|成为|被认定为|被评为)?[^，,。？?]{0,6}(高企|国高|高新技术企业|高新企业)|newly (certified|recognized|approved) (as )?(a )?(national )?high[- ]tech/i],
  ["获国家科技奖", /国家(级)?(科学技术|科技)(进步|发明)?奖|国家(技术发明|自然科学|科学技术进步|科技进步)奖|national (science and technology|s&t|scientific and technological progress) award/i],
  ["重点高校院所", /双一流|985|211|重点(高校|大学|院校|院所|科研院所)|部属(高校|院校)|中科院|中国科学院|武汉大学|华中科技大学|武汉理工大学|华中师范大学|华中农业大学|中国地质大学|中南财经政法大学|武大|华科|top university|double first-class/i],
];
const NEGATED_TAIL = /(不|没|非|未)$/;
const NEGATED = /(不是|并非|还不是|还没|没有|尚未|不属于|不算|not a|not an|aren't|isn't|we are not|no longer)/i;

export function emptyProfile(): Profile {
  return { applicants: [], stages: [], needs: [] };
}

/**
 * How a cue at `idx` is meant: negated ("还不是高企"), the object of a request ("能申请新获批高企的后补助吗" names a
 * category, it does not say the asker is one), or a claim about the asker.
 */
function mentionKind(q: string, idx: number): "negated" | "request" | "claim" {
  const before = q.slice(Math.max(0, idx - 5), idx);
  if (NEGATED.test(before) || NEGATED_TAIL.test(before)) return "negated";
  const clause = q.slice(0, idx).split(/[，,。；;！!？?]/).at(-1) ?? "";
  const selfDescribed = /(我们|我司|本单位|我单位|我是|我们是|本公司|we are|we're|i am|i'm|our)/i.test(clause);
  return !selfDescribed && OBJECT_OF_REQUEST.test(clause) ? "request" : "claim";
}

/** Extract what the question says about the asker. Negated mentions ("还不是高企") are not added. */
export function extractProfile(q: string): Profile & { negatedStages: string[]; negatedApplicants: string[] } {
  const p: Profile & { negatedStages: string[]; negatedApplicants: string[] } = {
    ...emptyProfile(), negatedStages: [], negatedApplicants: [],
  };
  const takeOne = (cues: [string, string[]][], into: string[], negInto: string[]) => {
    for (const [term, words] of cues) {
      const hit = containsAny(q, words);
      if (!hit) continue;
      const kind = mentionKind(q, q.toLowerCase().indexOf(hit.toLowerCase()));
      if (kind === "negated") negInto.push(term);
      else if (kind === "claim" && !into.includes(term)) into.push(term);
    }
  };
  takeOne(APPLICANT_CUES, p.applicants, p.negatedApplicants);
  takeOne(STAGE_CUES, p.stages, p.negatedStages);
  for (const [term, re] of STAGE_PATTERNS) {
    const m = re.exec(q);
    if (!m || p.stages.includes(term) || p.negatedStages.includes(term)) continue;
    const kind = mentionKind(q, m.index);
    if (kind === "negated") p.negatedStages.push(term);
    else if (kind === "claim") p.stages.push(term);
  }
  for (const [need, words] of NEEDS) if (containsAny(q, words)) p.needs.push(need);
  // A self-description of being elsewhere wins over a mere mention of Wuhan ("上海的企业想申报武汉都市圈项目").
  const other = q.match(/(?:在|位于|我们是|我是|注册在|总部在|来自)(北京|上海|深圳|广州|杭州|南京|成都|重庆|西安|长沙|郑州|合肥|天津|宜昌|襄阳|黄石|十堰|荆州|孝感|鄂州|黄冈|咸宁|随州|恩施|外地|外省|外市|国外|海外)/);
  if (other) p.location = other[1];
  else if (/(?:based in|located in|from) (shanghai|beijing|shenzhen|guangzhou|hangzhou|abroad|overseas)/i.test(q)) p.location = "外地";
  else if (/武汉|wuhan|光谷|东湖高新|江岸|江汉|硚口|汉阳|武昌|青山|洪山|东西湖|汉南|蔡甸|江夏|黄陂|新洲|经开区|临空港/i.test(q)) p.location = "武汉";
  return p;
}

/** Merge newly told facts into the session profile; newer applicant statements replace older ones. */
export function mergeProfile(base: Profile, told: Partial<Profile>): Profile {
  const applicants = told.applicants && told.applicants.length > 0 ? [...told.applicants] : [...base.applicants];
  const stages = [...new Set([...base.stages, ...(told.stages ?? [])])];
  const needs = [...new Set([...base.needs, ...(told.needs ?? [])])];
  return { applicants, stages, needs, location: told.location ?? base.location };
}
