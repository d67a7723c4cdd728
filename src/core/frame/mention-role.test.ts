import { describe, expect, it } from "vitest";
import { splitClauses } from "./clauses.js";
import { mentionRole } from "./mention-role.js";

/** The reading of the first occurrence of `term` in `text`. */
const roleOf = (text: string, term: string) => {
  const i = text.indexOf(term);
  return mentionRole(text, i, i + term.length, splitClauses(text));
};

describe("mentionRole", () => {
  it("whose: the asker's, a partner's, an organisation it belongs to, someone else's", () => {
    expect(roleOf("我们是一所高校", "高校").holder).toBe("asker");
    expect(roleOf("我们和一家研究所合作攻关", "研究所").holder).toBe("partner");
    expect(roleOf("合作方是长沙的大学", "大学").holder).toBe("partner");
    expect(roleOf("我们联合几家企业做研发", "企业").holder).toBe("partner");
    expect(roleOf("大学附属医院的医生", "大学").holder).toBe("affiliate");
    expect(roleOf("我们单位是国家实验室的合作单位", "国家实验室").holder).toBe("affiliate");
    expect(roleOf("孵化器里的小公司", "孵化器").holder).toBe("affiliate");
    expect(roleOf("帮客户的公司问一下", "公司").holder).toBe("other");
  });

  it("denied, including the verb the denial governs, but not an A-not-A question", () => {
    expect(roleOf("我们不是高企", "高企").negated).toBe(true);
    expect(roleOf("没被认定过孵化器", "孵化器").negated).toBe(true);
    expect(roleOf("我们不想出钱", "出钱").negated).toBe(true);
    expect(roleOf("我们能不能报高企", "高企").negated).toBe(false);
    expect(roleOf("有没有科技贷款贴息", "科技贷款").negated).toBe(false);
    expect(roleOf("第一完成人也不是我们的人", "第一完成人").negated).toBe(true);
    expect(roleOf("我们只是打算去银行贷款 还没贷下来", "贷款").negated).toBe(true);
  });

  it("pending, wanted, asked for, asked about", () => {
    expect(roleOf("高企还在申报中", "高企").certainty).toBe("pending");
    expect(roleOf("我们正在申请高企", "高企").certainty).toBe("pending");
    expect(roleOf("想找银行贷款", "贷款").certainty).toBe("wanted");
    expect(roleOf("能申请新获批高企的后补助吗", "高企").certainty).toBe("requested");
    expect(roleOf("有没有贷款利息补助为科技型中小企业", "科技型中小企业").certainty).toBe("requested");
    expect(roleOf("作为科技型中小企业能申请吗", "科技型中小企业").certainty).not.toBe("requested");
    expect(roleOf("我们公司成立5年了，还算初创企业吗", "初创企业").certainty).toBe("questioned");
    expect(roleOf("我们是科技型中小企业", "科技型中小企业").certainty).toBe("stated");
    expect(roleOf("我们民企算不算科技型骨干企业", "科技型骨干企业").certainty).toBe("questioned");
    expect(roleOf("我在研究所工作", "研究所").certainty).toBe("stated");
  });

  it("when: recent, old, a year", () => {
    expect(roleOf("我们刚评上高企", "高企").recency).toBe("recent");
    expect(roleOf("我们早就是高企了", "高企").recency).toBe("old");
    expect(roleOf("我们2019年认定的高企", "高企").year).toBe(2019);
  });
});
