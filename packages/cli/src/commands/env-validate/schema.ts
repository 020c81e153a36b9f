import { readTextFile, resolveFrom } from "../../io/fs.js";
import type { EnvVarConfig } from "./config.js";
import type { VariableSpec } from "./model.js";
import { parseEnvExample } from "./parse.js";
import type { ValueType } from "./value-types.js";

/** Where a variable declared in code (loadEnv) or an unnamed config comes from. */
export const CONFIG_WITHOUT_FILE = "crm-devex config";

/** A spec for a variable declared in config (no example line to point at). */
export function specFromConfig(name: string, declared: EnvVarConfig, configFile: string | undefined): VariableSpec {
  return {
    name,
    description: declared.description ?? "",
    required: declared.required ?? true,
    secret: declared.secret ?? false,
    allowEmpty: declared.allowEmpty ?? false,
    type: declared.type as ValueType | undefined,
    rotate: declared.rotate,
    docs: declared.docs,
    exampleValue: "",
    source: { file: configFile ?? CONFIG_WITHOUT_FILE },
  };
}

/**
 * The schema of one project: the example's variables, with config declarations
 * overriding their attributes or adding variables the example lacks.
 */
export async function loadSchema(
  cwd: string,
  example: string | undefined,
  vars: Record<string, EnvVarConfig>,
  configFile: string | undefined,
): Promise<{ specs: VariableSpec[]; exampleText?: string }> {
  const specs: VariableSpec[] = [];
  let exampleText: string | undefined;
  if (example) {
    exampleText = await readTextFile(resolveFrom(cwd, example), example);
    specs.push(...parseEnvExample(exampleText, example));
  }
  applyDeclarations(specs, vars, configFile);
  return { specs, exampleText };
}

/**
 * Config (or loadEnv) declarations on top of the example: each overrides only the
 * attributes it sets on an example variable, or adds a variable the example lacks.
 */
export function applyDeclarations(specs: VariableSpec[], vars: Record<string, EnvVarConfig>, configFile: string | undefined): void {
  for (const [name, declared] of Object.entries(vars)) {
    const existing = specs.find((spec) => spec.name === name);
    if (!existing) {
      specs.push(specFromConfig(name, declared, configFile));
      continue;
    }
    Object.assign(existing, {
      ...(declared.description !== undefined && { description: declared.description }),
      ...(declared.required !== undefined && { required: declared.required }),
      ...(declared.secret !== undefined && { secret: declared.secret }),
      ...(declared.allowEmpty !== undefined && { allowEmpty: declared.allowEmpty }),
      ...(declared.type !== undefined && { type: declared.type }),
      ...(declared.rotate !== undefined && { rotate: declared.rotate }),
      ...(declared.docs !== undefined && { docs: declared.docs }),
    });
  }
}
