// For test doubles of the Assistant that are not about 政策匹配: match() fails loudly if a test reaches it.
import type { Assistant, ProfileFormChoices } from "../types.js";

export const emptyChoices = (): ProfileFormChoices => ({ unitTypes: [], sizes: [], statuses: [], locations: [], activities: [] });

export const noMatch: Pick<Assistant, "match" | "profileChoices"> = {
  match: () => Promise.reject(new Error("match() is not part of this test double")),
  profileChoices: emptyChoices,
};
