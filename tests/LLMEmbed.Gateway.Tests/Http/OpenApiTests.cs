using System.Net;
using System.Text.Json.Nodes;
using Google.Api;
using Google.Protobuf.Reflection;
using LLMEmbed.Protos.V1;

namespace LLMEmbed.Gateway.Tests.Http;

/// <summary>The OpenAPI document the gateway serves describes every llmembed.v1 RPC at its HTTP route.</summary>
public sealed class OpenApiTests(HttpHostFixture host) : IClassFixture<HttpHostFixture>
{
    [Fact]
    public async Task Every_rpc_of_the_proto_is_an_operation()
    {
        using var client = host.Client();
        using var response = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.StartsWith("3.", document["openapi"]!.GetValue<string>());
        // Variables compare by position only: the generator may spell {job_id} as {jobId}.
        var paths = document["paths"]!.AsObject().ToDictionary(p => Shape(p.Key), p => p.Value);

        var methods = LlmembedReflection.Descriptor.Services.SelectMany(s => s.Methods).ToList();
        Assert.Equal(35, methods.Count);
        foreach (var method in methods)
        {
            var rule = method.GetOptions()?.GetExtension(AnnotationsExtensions.Http);
            // The streams have no transcoded form: each is served by a route of its own.
            var (verb, path) = rule is not null ? Route(rule) : OwnRoutes.TryGetValue(method.Name, out var own) ? own
                : throw new Xunit.Sdk.XunitException($"{method.FullName} has no HTTP rule and no route of its own");
            Assert.True(paths.ContainsKey(Shape(path)), $"{method.FullName}: path {path} missing from the document; it has {string.Join(", ", document["paths"]!.AsObject().Select(p => p.Key))}");
            var operation = paths[Shape(path)]![verb];
            Assert.True(operation is JsonObject, $"{method.FullName}: {verb.ToUpperInvariant()} {path} missing from the document");
            Assert.Contains(method.Service.Name, operation!["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
            Assert.Equal($"{method.Service.Name}_{method.Name}", operation["operationId"]?.GetValue<string>());
        }
        Assert.True(paths["/v1/embeddings"]?["post"] is JsonObject, "POST /v1/embeddings missing");
        Assert.Equal("OpenAI_CreateEmbeddings", paths["/v1/embeddings"]!["post"]!["operationId"]!.GetValue<string>());
        Assert.NotNull(paths[Shape("/v1/tenants/{tenant}/examples/import")]!["post"]!["requestBody"]!["content"]!["text/csv"]);
        Assert.NotNull(paths[Shape("/v1/tenants/import")]!["post"]!["requestBody"]!["content"]!["application/x-tar"]);
        Assert.NotNull(document["components"]!["schemas"]!["ClassifyRequest"]);
    }

    [Fact]
    public async Task Every_operation_has_an_id_a_summary_a_description_and_the_bearer_scheme()
    {
        var document = await DocumentAsync();
        Assert.Equal("bearer", document["components"]!["securitySchemes"]!["bearer"]!["scheme"]!.GetValue<string>());
        var operations = Operations(document).ToList();
        Assert.True(operations.Count >= 25, $"{operations.Count} operations");
        foreach (var (route, operation) in operations)
        {
            var id = operation["operationId"]?.GetValue<string>();
            Assert.Matches("^[A-Z][A-Za-z]*_[A-Z][A-Za-z]*$", id ?? $"(none on {route})");
            Assert.False(string.IsNullOrWhiteSpace(operation["summary"]?.GetValue<string>()), $"{id}: no summary");
            Assert.False(string.IsNullOrWhiteSpace(operation["description"]?.GetValue<string>()), $"{id}: no description");
            var schemes = operation["security"]?.AsArray().SelectMany(r => r!.AsObject().Select(s => s.Key)).ToList() ?? [];
            if (id == "Host_Healthz") Assert.Empty(schemes);
            else Assert.True(schemes.Contains("bearer"), $"{id}: no bearer requirement");
        }
        Assert.Equal(operations.Count, operations.Select(o => o.Operation["operationId"]!.GetValue<string>()).Distinct().Count());
    }

    [Fact]
    public async Task The_proto_comments_are_the_summaries_and_descriptions()
    {
        var classify = Operation(await DocumentAsync(), "Inference_Classify");
        Assert.Equal("Labels each text with the tenant's active head: the label and the top_k label probabilities.", classify["summary"]!.GetValue<string>());
        var train = Operation(await DocumentAsync(), "Training_Train");
        Assert.Equal("Starts a training job on the stored examples and returns its id; GetJob reports its progress.", train["summary"]!.GetValue<string>());
        Assert.Contains("unless it is worse than the active one on the holdout", train["description"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("Admin_CreateTenant", true)]
    [InlineData("Tasks_CreateTask", true)]
    [InlineData("Examples_AddExamples", true)]
    [InlineData("Examples_ImportExamples", false)]
    [InlineData("Training_Train", true)]
    [InlineData("Inference_Classify", true)]
    public async Task The_main_calls_show_request_and_response_examples(string operationId, bool jsonRequest)
    {
        var operation = Operation(await DocumentAsync(), operationId);
        var request = operation["requestBody"]!["content"]!.AsObject();
        Assert.NotNull(jsonRequest ? request["application/json"]!["example"] : request["application/x-ndjson"]!["example"]);
        Assert.True(operation["responses"]!["200"]!["content"]!["application/json"]!["example"] is JsonObject, $"{operationId}: no response example");
    }

    private async Task<JsonNode> DocumentAsync()
    {
        using var client = host.Client();
        return JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;
    }

    private static IEnumerable<(string Route, JsonObject Operation)> Operations(JsonNode document) =>
        document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(o => ($"{o.Key.ToUpperInvariant()} {p.Key}", o.Value!.AsObject())));

    private static JsonObject Operation(JsonNode document, string operationId) =>
        Operations(document).Single(o => o.Operation["operationId"]?.GetValue<string>() == operationId).Operation;

    private static readonly Dictionary<string, (string Verb, string Path)> OwnRoutes = new(StringComparer.Ordinal)
    {
        ["ImportExamples"] = ("post", "/v1/tenants/{tenant}/examples/import"),
        ["ExportTenant"] = ("get", "/v1/tenants/{tenant}/export"),
        ["ImportTenant"] = ("post", "/v1/tenants/import"),
    };

    private static string Shape(string path) => System.Text.RegularExpressions.Regex.Replace(path, "{[^}]*}", "{}");

    private static (string Verb, string Path) Route(HttpRule rule) => rule.PatternCase switch
    {
        HttpRule.PatternOneofCase.Get => ("get", rule.Get),
        HttpRule.PatternOneofCase.Post => ("post", rule.Post),
        HttpRule.PatternOneofCase.Put => ("put", rule.Put),
        HttpRule.PatternOneofCase.Delete => ("delete", rule.Delete),
        HttpRule.PatternOneofCase.Patch => ("patch", rule.Patch),
        _ => throw new InvalidOperationException($"unexpected rule {rule}"),
    };
}
