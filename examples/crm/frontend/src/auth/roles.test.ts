import { describe, expect, it } from "vitest";
import { forbiddenMessage, roleLabel } from "./roles";

describe("forbiddenMessage", () => {
  it.each([
    ["lettings_negotiator", "delete clients", "Your role (Lettings negotiator) cannot delete clients."],
    ["property_manager", "create clients", "Your role (Property manager) cannot create clients."],
    ["branch_manager", undefined, "Your role (Branch manager) cannot do this."],
    ["regional_director", "edit clients", "Your role (regional_director) cannot edit clients."],
    [undefined, "edit clients", "Your role cannot edit clients."],
  ])("%s, %s → %s", (role, action, expected) => {
    expect(forbiddenMessage(role, action)).toBe(expected);
  });

  it("names the three roles of the RBAC matrix", () => {
    expect(["property_manager", "branch_manager", "lettings_negotiator"].map(roleLabel)).toEqual(["Property manager", "Branch manager", "Lettings negotiator"]);
  });
});
