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
        Assert.Equal(23, methods.Count);
        foreach (var method in methods)
        {
            var rule = method.GetOptions()?.GetExtension(AnnotationsExtensions.Http);
            var (verb, path) = rule is null ? ("post", "/v1/tenants/{tenant}/examples/import") : Route(rule);
            if (rule is null) Assert.Equal("ImportExamples", method.Name); // the one client stream, served by its own route
            Assert.True(paths.ContainsKey(Shape(path)), $"{method.FullName}: path {path} missing from the document; it has {string.Join(", ", document["paths"]!.AsObject().Select(p => p.Key))}");
            var operation = paths[Shape(path)]![verb];
            Assert.True(operation is JsonObject, $"{method.FullName}: {verb.ToUpperInvariant()} {path} missing from the document");
            Assert.Contains(method.Service.Name, operation!["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        }
        Assert.True(paths["/v1/embeddings"]?["post"] is JsonObject, "POST /v1/embeddings missing");
        Assert.NotNull(paths[Shape("/v1/tenants/{tenant}/examples/import")]!["post"]!["requestBody"]!["content"]!["text/csv"]);
        Assert.NotNull(document["components"]!["schemas"]!["ClassifyRequest"]);
    }

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
