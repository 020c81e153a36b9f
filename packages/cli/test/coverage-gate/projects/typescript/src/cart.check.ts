import { expect, test } from "vitest";
import { discount, subtotal } from "./cart.js";

test("subtotal", () => {
  expect(subtotal([{ price: 2, quantity: 3 }])).toBe(6);
});

test("discount", () => {
  expect(discount(10, undefined)).toBe(10);
  expect(discount(10, "HALF")).toBe(5);
});
