/**
 * The value types an `@type=` annotation may name, each a small check returning
 * why a value does not fit (or undefined when it does).
 */
export const VALUE_TYPE_PATTERN = /^(url|int|port|bool|email|enum\([^()]+\))$/;

export type ValueType = "url" | "int" | "port" | "bool" | "email" | `enum(${string})`;

const TRUE_WORDS = new Set(["true", "1", "yes", "on"]);
const FALSE_WORDS = new Set(["false", "0", "no", "off"]);

/** Why `value` is not a valid `type`, or undefined when it is. Messages never quote a value (it may be a secret). */
export function checkValueType(type: ValueType, value: string): string | undefined {
  switch (type) {
    case "url":
      return isUrl(value) ? undefined : "is not a URL (expected scheme://…)";
    case "int":
      return /^-?\d+$/.test(value) ? undefined : "is not an integer";
    case "port": {
      if (!/^\d+$/.test(value)) return "is not a port number";
      const port = Number(value);
      return port >= 1 && port <= 65535 ? undefined : "is not a port number (1-65535)";
    }
    case "bool":
      return TRUE_WORDS.has(value.toLowerCase()) || FALSE_WORDS.has(value.toLowerCase()) ? undefined : "is not a boolean (true/false, 1/0, yes/no, on/off)";
    case "email":
      return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) ? undefined : "is not an email address";
    default: {
      const choices = enumChoices(type);
      return choices.includes(value) ? undefined : `is not one of ${choices.join(", ")}`;
    }
  }
}

/** The value converted to what a program wants: numbers for int/port, booleans for bool. */
export function convertValue(type: ValueType | undefined, value: string): string | number | boolean {
  if (type === "int" || type === "port") return Number(value);
  if (type === "bool") return TRUE_WORDS.has(value.toLowerCase());
  return value;
}

export function enumChoices(type: string): string[] {
  const inner = /^enum\((.*)\)$/.exec(type)?.[1] ?? "";
  return inner.split(",").map((choice) => choice.trim()).filter(Boolean);
}

function isUrl(value: string): boolean {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}
