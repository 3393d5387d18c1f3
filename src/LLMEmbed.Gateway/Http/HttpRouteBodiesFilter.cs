using LLMEmbed.Gateway.Archive;
using Microsoft.OpenApi.Any;
using Microsoft.OpenApi.Models;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace LLMEmbed.Gateway.Http;

/// <summary>
/// Describes the bodies of the routes the gateway serves itself (they read the raw body, so the
/// generator cannot see them). Declared here rather than as Accepts metadata, which would also make
/// routing refuse other content types with a bare 415 before the route could answer with a JSON error.
/// </summary>
internal sealed class HttpRouteBodiesFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        switch (operation.OperationId)
        {
            case "Examples_ImportExamples":
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Description = "JSONL: {\"text\": ..., \"label\": ...} (labels for named tasks in \"labels\": {\"topic\": \"billing\", \"tags\": [\"refund\"]}) or Vertex AI {\"textContent\": ..., \"classificationAnnotation\": {\"displayName\": ...}} per line; CSV: a header naming the text and label columns (any order, others ignored), separator , ; or tab. Query: format=jsonl|csv (else from Content-Type), truncate=true|false, text_column, label_column (names, or 1-based positions with no_header=true), separator=,|;|tab, no_header=true|false.",
                    Content =
                    {
                        ["application/x-ndjson"] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = "string" }, Example = new OpenApiString("{\"text\":\"Oil prices rose.\",\"label\":\"crude\"}") },
                        ["text/csv"] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = "string" }, Example = new OpenApiString("text,label\nOil prices rose.,crude") },
                    },
                };
                break;
            case "Admin_ImportTenant":
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Description = "A tenant archive as ExportTenant (GET /v1/tenants/{tenant}/export) wrote it. Query: tenant=NEW restores it under another name.",
                    Content = { [ArchiveLayout.ContentType] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = "string", Format = "binary" } } },
                };
                break;
            case "OpenAI_CreateEmbeddings":
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Description = "OpenAI's embeddings request: input (string or array of strings), model (the tenant's recipe), encoding_format (float|base64).",
                    Content =
                    {
                        ["application/json"] = new OpenApiMediaType
                        {
                            Schema = new OpenApiSchema
                            {
                                Type = "object",
                                Required = new HashSet<string> { "input", "model" },
                                Properties =
                                {
                                    ["input"] = new OpenApiSchema { OneOf = [new OpenApiSchema { Type = "string" }, new OpenApiSchema { Type = "array", Items = new OpenApiSchema { Type = "string" } }] },
                                    ["model"] = new OpenApiSchema { Type = "string" },
                                    ["encoding_format"] = new OpenApiSchema { Type = "string", Enum = [new OpenApiString("float"), new OpenApiString("base64")] },
                                    ["dimensions"] = new OpenApiSchema { Type = "integer" },
                                    ["user"] = new OpenApiSchema { Type = "string" },
                                },
                            },
                        },
                    },
                };
                break;
        }
    }
}
