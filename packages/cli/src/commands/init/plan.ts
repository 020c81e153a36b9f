/**
 * From a detection to the list of file changes: render each file, merge with what
 * is there, and leave alone what the user already wrote. Reads the existing files
 * (through the caller's reader) but writes nothing.
 */
import type { SecretDetector } from "../env-validate/analyse.js";
import { dishonestValues } from "../env-validate/analyse.js";
import { parseEnvExample } from "../env-validate/parse.js";
import type { HookPlan } from "../hooks/index.js";
import type { Detection, EnvExamplePlan, FileChange } from "./model.js";
import { contractSpec, renderConfig } from "./render-config.js";
import { mergeExample, renderNewExample } from "./render-env.js";
import { renderWorkflow } from "./render-workflow.js";

export const CONFIG_FILE = "crm-devex.config.yaml";
export const WORKFLOW_FILE = ".github/workflows/crm-devex.yml";

export interface PlanInputs {
  detection: Detection;
  files: ReadonlySet<string>;
  /** The config file already in use, if any (init never rewrites a config). */
  existingConfig: string | undefined;
  /** Whether the existing config exports the spec (the workflow then installs the backend). */
  existingConfigExports: boolean;
  /** Text of a file in the repository, or undefined when it does not exist. */
  read(path: string): Promise<string | undefined>;
  hook: HookPlan | undefined;
  detectSecrets: SecretDetector;
}

/**
 * The example text for one plan, proven honest: the result is parsed as env-validate
 * will parse it, and any variable init added whose value env-validate would call
 * real-looking is written empty instead.
 */
export function exampleText(plan: EnvExamplePlan, existing: string | undefined, detectSecrets: SecretDetector): string {
  const declared = existing === undefined ? [] : parseEnvExample(existing, plan.example);
  const render = () => (existing === undefined ? renderNewExample(plan) : mergeExample(existing, declared, plan));
  let text = render();
  const known = new Set(declared.map((spec) => spec.name));
  const added = new Set(plan.variables.filter((variable) => !known.has(variable.name)).map((variable) => variable.name));
  const flagged = dishonestValues(parseEnvExample(text, plan.example).filter((spec) => added.has(spec.name)), detectSecrets).map((problem) => problem.name);
  if (flagged.length) {
    plan = { ...plan, variables: plan.variables.map((variable) => (flagged.includes(variable.name) ? { ...variable, value: "" } : variable)) };
    text = render();
  }
  return text;
}

export async function planChanges(inputs: PlanInputs): Promise<FileChange[]> {
  const { detection } = inputs;
  const changes: FileChange[] = [];
  let writesExport = inputs.existingConfigExports;
  if (inputs.existingConfig) {
    changes.push({ path: inputs.existingConfig, before: undefined, after: "", purpose: "config", kept: "exists; init never rewrites a config" });
  } else {
    const after = renderConfig(detection, inputs.files);
    writesExport = contractSpec(detection)?.export !== undefined;
    changes.push({ path: CONFIG_FILE, before: await inputs.read(CONFIG_FILE), after, purpose: "config" });
  }
  for (const plan of detection.envExamples) {
    const before = await inputs.read(plan.example);
    const secrets = plan.variables.filter((variable) => variable.secret).length;
    const purpose = `env example for ${plan.projects.map((project) => (project.dir === "." ? "./" : `${project.dir}/`)).join(" and ")} (${plan.variables.length} variable${plan.variables.length === 1 ? "" : "s"}, ${secrets} secret)`;
    changes.push({ path: plan.example, before, after: exampleText(plan, before, inputs.detectSecrets), purpose });
  }
  if (inputs.hook) {
    const hook = inputs.hook;
    const purpose = `pre-commit secret scan (${hook.manager === "git" ? "git hook, this clone only" : hook.manager})${hook.move ? `; the hook there moves to ${hook.chained} and still runs first` : ""}`;
    changes.push({ path: hook.file, before: hook.before, after: hook.after, purpose });
  }
  const workflow = renderWorkflow(detection, inputs.files, writesExport);
  const started = (detection.services ?? []).filter((service) => workflow.includes(`        image: ${service.image}\n`)).map((service) => `${service.name} ${service.image}`);
  const purpose = `CI workflow${started.length ? ` (services: ${started.join(", ")})` : ""}`;
  const existingWorkflow = await inputs.read(WORKFLOW_FILE);
  changes.push(
    existingWorkflow !== undefined && existingWorkflow !== workflow
      ? { path: WORKFLOW_FILE, before: existingWorkflow, after: existingWorkflow, purpose, kept: "exists and differs from what init writes; not overwritten" }
      : { path: WORKFLOW_FILE, before: existingWorkflow, after: workflow, purpose },
  );
  return changes;
}

/** Changes that would alter a file. */
export function pendingChanges(changes: readonly FileChange[]): FileChange[] {
  return changes.filter((change) => !change.kept && change.before !== change.after);
}
