import { describe, expect, it } from "vitest";
import { IssueList } from "../corpus-error.js";
import type { RegionModel } from "../../core/types.js";
import { buildGazetteer, restoreGazetteer, saveGazetteer, shortName } from "./build-gazetteer.js";

const REGIONS: RegionModel = {
  home: "武汉市",
  zones: ["光谷"],
  groupings: [{ name: "武汉都市圈", planTerm: "武汉都市圈项目", members: ["鄂州市", "孝感市", "仙桃市"] }],
  abroad: { planTerm: "国际科技合作" },
};

describe("buildGazetteer", () => {
  it("short names of provinces, cities, prefectures and counties", () => {
    expect(shortName("湖北省")).toBe("湖北");
    expect(shortName("广西壮族自治区")).toBe("广西");
    expect(shortName("恩施土家族苗族自治州")).toBe("恩施");
    expect(shortName("五峰土家族自治县")).toBe("五峰");
    expect(shortName("江岸区")).toBe("江岸");
    expect(shortName("北京")).toBeUndefined();
  });

  it("finds places from the division data: home, groupings, abroad, English spellings", () => {
    const g = buildGazetteer(REGIONS);
    const find = (t: string) => g.matcher.findAll(t).map((h) => ({ term: h.term, name: h.value.name, home: h.value.home, abroad: h.value.abroad, groupings: h.value.groupings }));
    expect(find("我们在江岸")[0]).toMatchObject({ name: "江岸区", home: true });
    expect(find("光谷的公司")[0]).toMatchObject({ home: true });
    expect(find("孝感注册")[0]).toMatchObject({ name: "孝感市", home: false, groupings: ["武汉都市圈"] });
    expect(find("仙桃")[0].groupings).toEqual(["武汉都市圈"]);
    expect(find("和巴西合作")[0]).toMatchObject({ name: "巴西", abroad: true });
    expect(find("香港的大学")[0]).toMatchObject({ abroad: true });
    expect(find("registered in Xiaogan")[0]).toMatchObject({ name: "孝感市" });
    expect(find("with a lab in Germany")[0]).toMatchObject({ name: "德国", abroad: true });
    // A county's short name that is an everyday word is not read as a place.
    expect(find("和平发展")).toEqual([]);
    // Nor a county inside a listed city (孝感市's 孝南区 by its full name only).
    expect(find("孝南的公司")).toEqual([]);
    expect(find("孝南区的公司")[0]).toMatchObject({ name: "孝南区", groupings: ["武汉都市圈"] });
  });

  it("a grouping member that is no division is reported at its line", () => {
    const issues = new IssueList();
    buildGazetteer({ ...REGIONS, groupings: [{ name: "x", planTerm: "y", members: ["孝感市", "不存在市"] }] }, { file: "corpus/regions.yaml", lineOf: () => 7, issues });
    expect(issues.items).toEqual([{ file: "corpus/regions.yaml", line: 7, message: 'groupings.x: "不存在市" is not an administrative division' }]);
  });
});

describe("saved gazetteer", () => {
  it("restores from plain JSON to a gazetteer that reads every text exactly as the built one", () => {
    const built = buildGazetteer(REGIONS);
    const restored = restoreGazetteer(JSON.parse(JSON.stringify(saveGazetteer(REGIONS))));
    for (const text of ["我们在江岸区，和孝感市的企业合作", "公司在深圳和Shenzhen都有，跟巴西、Germany的团队", "东湖高新区的企业，湖北省内", "We are in Wuhan with a partner in Xiaogan"]) {
      expect(restored.matcher.findAll(text)).toEqual(built.matcher.findAll(text));
    }
    expect(restored.home).toEqual(built.home);
    // Names of one place still share it (the frame compares places, not only names).
    const [a] = restored.matcher.findAll("孝感市");
    const [b] = restored.matcher.findAll("孝感");
    expect(a?.value).toBe(b?.value);
  });
});
