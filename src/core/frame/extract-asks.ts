// What is asked: a greeting, a list, a fact about the document, an unstated detail, an eligibility check, how or
// whom a 专题 supports… Several can hold at once ("科技贷款贴息能补多少" asks which 专题 and an amount). These are
// patterns of question grammar (closed classes of question words), not topic knowledge: what the plan covers
// comes from corpus/scope.yaml, places from the gazetteer.

export interface QuestionFlags {
  greeting: boolean;
  help: boolean;
  /** 重新开始 / 换个问题: forget the conversation. */
  restart: boolean;
  listTopics: boolean;
  programOverview: boolean;
  meta?: "issuer" | "date" | "meeting" | "effective" | "basis" | "purpose";
  principles: boolean;
  unknownDetail?: "amount" | "deadline" | "portal" | "materials" | "contact" | "rate" | "count";
  eligibility: boolean;
  how: boolean; // 怎么支持 / 支持方式
  who: boolean; // 支持谁 / 支持对象
  what: boolean; // 支持什么 / 内容
  duration: boolean;
  definition: boolean; // 什么意思 / 是什么
  followUpRef: boolean; // 那… / 还有… / 它 — continues the previous topic
  /** 它 / 这个专题 / it: points back at the 专题 under discussion. */
  pronounRef: boolean;
  compare: boolean; // 区别 / 有什么不同 / difference
  /** 哪个 / 什么 / which: asks for 专题, not for a yes/no verdict. */
  asksWhich: boolean;
  /** 能 / 可以 / can we: asks whether something is possible. */
  canWe: boolean;
}

export function extractAsks(q: string): QuestionFlags {
  const lower = q.toLowerCase();
  const greeting =
    q.length <= 12 && /^(你好|您好|hi|hello|hey|在吗|在不在|哈喽|嗨|早上好|下午好|晚上好|good (morning|afternoon|evening))[!！。.~？?\s]*$/i.test(q);
  const help = /^(帮助|help|怎么用|如何使用|你能做什么|你会什么|你是谁|使用说明|菜单|\?|？)[!！。.?？\s]*$/i.test(q) ||
    /你(能|可以)(做|干|回答)什么|what can you do|who are you/i.test(q);
  const restart = /^(重新开始|重新来|从头开始|清空|清除(对话|记录)|换个问题|换一个问题|restart|start over|reset|new (question|conversation))[!！。.~\s]*$/i.test(q);

  let meta: QuestionFlags["meta"];
  if (/(谁|哪个(部门|单位|机构)|哪家).{0,6}(发布|印发|出台|制定|发的)|(发布|印发|出台|制定)(单位|部门|机关|机构)|发文(单位|机关)|\bissued by\b|\bwho (issued|published|released)\b|which (department|agency|bureau)/i.test(q)) meta = "issuer";
  else if (/(局长办公会|办公会|审议|会议通过|哪次会|什么会)|\b(approved (at|by)|which meeting)/i.test(q)) meta = "meeting";
  else if (/(何时|什么时候|哪天|哪一天|啥时候|几号|时间).{0,6}(生效|施行|实施|起效)|(生效|施行)(时间|日期)|什么时候开始(执行|实施)|\b(effective|take effect|in force)\b/i.test(q)) meta = "effective";
  else if (/(何时|什么时候|哪天|哪年|啥时候|日期|时间).{0,8}(发布|印发|出台|发的)|(发布|印发|出台)(时间|日期)|when was .{0,40}(issued|published|released)|(issue|publication) date/i.test(q)) meta = "date";
  else if (/(依据|根据)(哪些|什么)(文件|政策)|落实(哪些|什么)文件|上位文件|based on which/i.test(q)) meta = "basis";
  else if (/(方案|改革|出台|制定|这个政策)的?(目的|目标|初衷)|目的是什么|为什么(要)?(出台|制定|改革)|总体思路|指导思想|\b(purpose|goal|objective)s? of (the|this) (plan|reform|policy)\b/i.test(q)) meta = "purpose";

  const principles = /基本原则|原则(是|有)|三个导向|(应用|目标|需求)导向|\bprinciples?\b/i.test(q);
  const listTopics = /(所有|全部|哪些|几个|多少个|列出|列一下|清单|一览|list|all).{0,8}(专题|topics?)|专题(列表|清单|有哪些|都有什么)|19个专题/i.test(q);
  const programOverview =
    /(几个|哪些|多少|六大|6个|六个|所有|全部|列出|列一下).{0,4}专项|专项(有哪些|都有什么|是什么|有几个)|科技计划体系(是|怎么|如何)|体系(设置|结构|怎么设)|(整体|总体)(框架|结构)|how many (programmes|programs)|(list|what are) (the |all )?(six )?(programmes|programs)|(programmes|programs) (are there|does the plan)|structure of the plan|overview of the plan/i.test(q);

  let unknownDetail: QuestionFlags["unknownDetail"];
  // Each detail is asked in wh-form (多少 / 什么时候 / 哪些材料) or in yes/no form about it (还来得及吗 / 要不要交X /
  // 线上报还是现场交); a superlative may stand without its noun (最高多少).
  if (/百分之几|(最多|最高|上限|封顶)(是|能|可以|可)?(多少|几)|(多少|几)(钱|万|元|块钱)|金额|额度|上限|(最多|最高|多少|几成|几个点)[^，,。？?]{0,4}(钱|万|元|贴|补|给|拿|资助|支持|比例|报销)|(贴|补|给|拿|资助|报销|支持|奖励)(多少|几成|几个点|几万)|(补助|资助|补贴|奖励|支持|贴息|扶持)的?(标准|强度)|比例|how much|amount|\bmax(imum)?\b.{0,20}(fund|grant|subsid)|\bcap\b/i.test(lower)) unknownDetail = "amount";
  else if (/截止|截至|deadline|(几|哪)号(之?前|截止|开始|起|申报|报名|报|交)|来得及|赶得上|错过|补交|什么时候(申报|申请|报名|开始|能报|可以报|受理|开放|启动)|(申报|申请|受理)(时间|日期|期限|窗口)|几月(份)?(申报|申请|报)|哪(天|月)(申报|截止)|when (can|should|do) (i|we)|when .{0,20}(apply|application|open|close)/i.test(lower)) unknownDetail = "deadline";
  else if (/(在哪|哪里|去哪|在什么(网站|系统|平台)|怎么|如何).{0,6}(申报|申请|报名|提交|递交)|(线上|网上|现场|纸质|窗口)(报|交|申报|申请|提交|递交|办理)|申报(系统|网址|入口|平台|渠道|流程|程序|步骤)|网址|链接|入口|where (to|can|do) .{0,20}apply|how (to|do i|can i|can we) apply|application (portal|process|system)|website/i.test(lower)) unknownDetail = "portal";
  else if (/(什么|哪些|啥)(材料|资料|证明|文件要)|(要不要|需不需要|用不用)(交|提交|提供|附|准备)|(需要|要|得)(交|提交|提供|附|准备)[^，,。？?]{1,10}(吗|么|不)|材料清单|准备(什么|哪些|啥)|要交(什么|啥)|documents? (needed|required)|what (documents|materials|paperwork)/i.test(lower)) unknownDetail = "materials";
  // Who to call about a 专题: the annual guideline names a contact for each; the plan does not.
  else if (/电话|手机号|热线|联系方式|联系人|联系谁|找谁|邮箱|咨询(电话|方式)|\b(contact|phone|hotline|email|call)\b/i.test(lower)) unknownDetail = "contact";
  else if (/(通过率|命中率|中标率|成功率|立项率|概率|几率|名额|多少家|多少个项目|评审(标准|打分|细则))|success rate|acceptance rate|how many (projects|companies)/i.test(lower)) unknownDetail = "rate";

  const eligibility =
    /(能|可以|可不可以|能不能|能否|可否|是否(能|可以)?|有没有资格|有资格|够格|算不算|属不属于|适不适合|适合).{0,14}(申报|申请|报名|报|参与|参加|拿到|拿|享受|获得|入选|承担|牵头)|(申报|申请)(条件|资格|门槛|要求)|(符合|满足|够|达到)(条件|要求|资格|门槛)|符合.{0,10}(吗|么|不)|(行不行|行吗|可以吗|可行吗|有戏吗|有没有戏)|有资格|eligib|qualif|\bcan (a|an|the|our|my|we|i|us)\b.{0,40}\b(apply|qualify|get|receive|participate)\b|\b(am i|are we|is (a|an|our|my)\b.{0,30}) allowed\b|\bdo (we|i) (meet|fit|count)\b/i.test(lower);
  const how = /怎么支持|如何支持|支持方式|怎么(给|补|资助|扶持)|以什么(方式|形式)|(什么|哪些|啥)(方式|形式)(支持|资助)|how (is|are|does|do).{0,30}(support|fund)|support mode|what kind of support|in what form/i.test(lower);
  const who = /(支持|资助|面向|针对|适用)(谁|哪些(单位|对象|主体|企业|机构))|(对象|主体)是(谁|什么|哪些)|谁(能|可以)(申|报)|who (can|is|are|may)|for whom/i.test(lower);
  const what = /(支持|资助)(什么|哪些|啥)(内容|方向|领域|事项)?|(主要)?(内容|方向)是什么|what does .{0,40}(support|fund|cover)/i.test(lower);
  const duration = /(多久|多长时间|几年|期限|周期|年限|持续多|多少年)|how long|duration|how many years/i.test(lower);
  const definition = /(什么意思|啥意思|是什么|是啥|指什么|指的是|含义|解释一下|怎么理解|何为|什么叫)|what (is|are|does) .{0,30}(mean|stand for)|what is|what are|meaning of|define/i.test(lower);
  const followUpRef = /^(那|那么|这个|那个|它|其|该|这|所以|还有|另外|then|and|what about|how about|it|this|that)|它|这个专题|那个专题|该专题|这个项目|这项|上面(说|提)的|刚才(说|提)的|\b(it|this one|that one|this programme|that programme)\b/i.test(lower);
  const pronounRef = /^(这个|那个|这|那)(?!方案|计划体系|份方案|个方案)(属于|归|是|的|支持|怎么|能|有|要|需要|在)|它|其(?!他|它|中|实)|这个专题|那个专题|该专题|这个项目|这项|这个计划|上面(说|提)的|刚才(说|提)的|\b(it|this one|that one|this programme|that programme|this program|that program)\b/i.test(lower);
  const compare = /(区别|不同|差别|差异|区分|哪个更|有啥不一样|有什么不一样|\bvs\.?\b|versus|difference|differ|compare|comparison)/i.test(q);
  const asksWhich = /(什么|哪些|哪个|哪几|哪类|哪一|啥|对口|适合(申报|申请)?(哪|什么)|\bwhat\b|\bwhich\b)/i.test(q);
  const canWe = /(能|可以|可否|能否|可不可以|能不能|行不行|行吗|有戏)|\b(can|could|may) (we|i)\b/i.test(q);

  return {
    greeting, help, restart, listTopics, programOverview, meta, principles, unknownDetail,
    eligibility, how, who, what, duration, definition, followUpRef, pronounRef, compare, asksWhich, canWe,
  };
}
