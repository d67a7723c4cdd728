// Display names for English answers (prompts/names.en.yaml), with the Chinese kept beside them.
export interface NamesEn {
  programs: Record<string, string>;
  topics: Record<string, string>;
  applicants: Record<string, string>;
  supportModes: Record<string, string>;
}

export const emptyNames = (): NamesEn => ({ programs: {}, topics: {}, applicants: {}, supportModes: {} });

export function topicNameEn(names: NamesEn, id: number, zh: string): string {
  return names.topics[String(id)] ?? zh;
}

export function listEn(map: Record<string, string>, values: string[]): string {
  return values.map((v) => (map[v] ? `${map[v]} (${v})` : v)).join(", ");
}
