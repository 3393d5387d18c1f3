// Calls Inference_Classify on a real host through the types openapi-typescript generated from the
// host's OpenAPI document: node classify.js BASE_URL TENANT_KEY TENANT. Exit 0 when results came back.
import type { operations, paths } from "./schema.js";

type Classify = operations["Inference_Classify"];
type ClassifyBody = NonNullable<Classify["requestBody"]>["content"]["application/json"];
type ClassifyAnswer = Classify["responses"][200]["content"]["application/json"];
const route: keyof paths = "/v1/tenants/{tenant}/classify";

const [base, key, tenant] = process.argv.slice(2);
const path: Classify["parameters"]["path"] = { tenant };
const body: ClassifyBody = { texts: ["OPEC agreed to cut crude output"], topK: 2 };
const response = await fetch(base + route.replace("{tenant}", encodeURIComponent(path.tenant)), {
  method: "POST",
  headers: { "Content-Type": "application/json", Authorization: `Bearer ${key}` },
  body: JSON.stringify(body),
});
const answer = (await response.json()) as ClassifyAnswer;
if (!response.ok || !answer.results?.length) {
  console.error(`classify: ${response.status} ${JSON.stringify(answer)}`);
  process.exit(1);
}
console.log(answer.results[0].label);
