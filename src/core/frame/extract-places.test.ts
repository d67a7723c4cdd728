import { beforeAll, describe, expect, it } from "vitest";
import { realKnowledge, type RealKnowledge } from "../testing/real-knowledge.js";
import { splitClauses } from "./clauses.js";
import { extractPlaces } from "./extract-places.js";

let k: RealKnowledge;
beforeAll(async () => {
  k = await realKnowledge();
});
const names = () => k.corpus.topics.flatMap((t) => [t.name, ...t.aliases]);
const insideName = (text: string, start: number, end: number) =>
  names().some((n) => {
    const i = text.indexOf(n);
    return i >= 0 && i <= start && end < i + n.length;
  });
const places = (text: string) => extractPlaces(text, splitClauses(text), k.lex, insideName);

describe("extractPlaces", () => {
  it("where the asker is, with its groupings", () => {
    const loc = places("我们在孝感注册的，能申请吗").location!;
    expect(loc.place.name).toBe("孝感市");
    expect(loc.place.home).toBe(false);
    expect(loc.place.groupings).toEqual(expect.arrayContaining(["武汉都市圈", "长江中游城市群"]));
    expect(places("我们是岳阳的企业").location?.place.groupings).toContain("长江中游城市群");
    expect(places("我们武汉的企业").location?.place.home).toBe(true);
    expect(places("公司注册在上海，在武汉有研发团队").location?.place.name).toBe("上海市");
  });

  it("a partner's place, in Chinese and in English", () => {
    expect(places("我们和巴西一个实验室联合攻关").partners.map((p) => [p.place.name, p.place.abroad])).toEqual([["巴西", true]]);
    expect(places("那如果合作方换成长沙的大学呢").partners.map((p) => p.place.name)).toEqual(["长沙市"]);
    expect(places("our company联合research lab在germany").partners.map((p) => p.place.name)).toEqual(["德国"]);
    expect(places("我们其实没跟国外机构合作").partners).toEqual([]);
  });

  it("another government whose policy is asked about, not a place mentioned in passing", () => {
    expect(places("上海的科技小巨人项目申报要求").otherGovernment?.place.name).toBe("上海市");
    expect(places("北京中关村对初创企业有什么政策").otherGovernment?.place.name).toBe("北京市");
    expect(places("明天去光谷参加创新创业大赛").otherGovernment).toBeUndefined();
    expect(places("明天去光谷参加创新创业大赛").activity.map((p) => p.term)).toEqual(["光谷"]);
    expect(places("路过光谷的时候看到的").incidental.map((p) => p.term)).toEqual(["光谷"]);
  });

  it("work abroad is a place of the activity; a place inside a plan name is part of the name", () => {
    expect(places("我们公司想在新加坡设个研发据点").activity.map((p) => p.place.abroad)).toEqual([true]);
    const r = places("我们是湖北实验室之一");
    expect([r.location, r.incidental.length]).toEqual([undefined, 0]);
  });
});
