/** Cart maths for the fixture frontend (partly exercised by cart.check.ts). */
export interface Item {
  price: number;
  quantity: number;
}

export function subtotal(items: Item[]): number {
  let sum = 0;
  for (const item of items) {
    sum += item.price * item.quantity;
  }
  return sum;
}

export function discount(total: number, code: string | undefined): number {
  if (!code) {
    return total;
  }
  if (code === "HALF") {
    return total / 2;
  }
  // never reached by the tests
  const percent = Number(code.replace("OFF", ""));
  return total - (total * percent) / 100;
}
