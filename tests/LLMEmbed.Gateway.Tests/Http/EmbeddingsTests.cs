using System.Net;
using System.Runtime.InteropServices;

namespace LLMEmbed.Gateway.Tests.Http;

/// <summary>OpenAI-compatible POST /v1/embeddings returns the tenant's fused vectors, as the Embed RPC does.</summary>
public sealed class EmbeddingsTests(HttpHostFixture host) : IClassFixture<HttpHostFixture>
{
    private const string Texts = "[\"Crude oil prices rose.\",\"The dollar fell against the yen.\"]";

    [Fact]
    public async Task Float_and_base64_vectors_match_the_embed_rpc()
    {
        var t = await HttpTenant.CreateAsync(host, "emb");
        var rpc = await HttpJson.OkAsync(t.Client, HttpMethod.Post, "/v1/tenants/emb/embed", $"{{\"texts\":{Texts}}}");
        var expected = rpc["vectors"]!.AsArray().Select(v => MemoryMarshal.Cast<byte, float>(Convert.FromBase64String(v!.GetValue<string>())).ToArray()).ToList();
        Assert.Equal(384, rpc["dimension"]!.GetValue<int>());

        var floats = await HttpJson.OkAsync(t.Client, HttpMethod.Post, "/v1/embeddings", $"{{\"input\":{Texts},\"model\":\"last\"}}");
        Assert.Equal("list", floats["object"]!.GetValue<string>());
        Assert.Equal("last", floats["model"]!.GetValue<string>());
        var data = floats["data"]!.AsArray();
        Assert.Equal(2, data.Count);
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal("embedding", data[i]!["object"]!.GetValue<string>());
            Assert.Equal(i, data[i]!["index"]!.GetValue<int>());
            Assert.Equal(expected[i], data[i]!["embedding"]!.AsArray().Select(x => x!.GetValue<float>()).ToArray());
        }
        var usage = floats["usage"]!;
        // Each text is at least its words plus [CLS] and [SEP].
        Assert.True(usage["prompt_tokens"]!.GetValue<int>() >= 4 + 7 + 4);
        Assert.Equal(usage["prompt_tokens"]!.GetValue<int>(), usage["total_tokens"]!.GetValue<int>());

        var base64 = await HttpJson.OkAsync(t.Client, HttpMethod.Post, "/v1/embeddings", "{\"input\":\"Crude oil prices rose.\",\"model\":\"last\",\"encoding_format\":\"base64\"}");
        var single = base64["data"]!.AsArray().Single()!["embedding"]!.GetValue<string>();
        Assert.Equal(expected[0], MemoryMarshal.Cast<byte, float>(Convert.FromBase64String(single)).ToArray());
    }

    [Theory]
    [InlineData("{\"input\":\"x\",\"model\":\"llmembed\"}", 400, "model")]
    [InlineData("{\"input\":[\"x\",3],\"model\":\"last\"}", 400, "input[1]")]
    [InlineData("{\"input\":[\"x\",\"\"],\"model\":\"last\"}", 400, "input[1]")]
    [InlineData("{\"input\":\"x\",\"model\":\"last\",\"encoding_format\":\"int8\"}", 400, "encoding_format")]
    [InlineData("{\"input\":\"x\",\"model\":\"last\",\"dimensions\":512}", 400, "dimensions")]
    [InlineData("{\"input\":\"x\",\"model\":\"last\",\"temperature\":1}", 400, "temperature")]
    [InlineData("{\"model\":\"last\"}", 400, "input")]
    [InlineData("{\"input\":\"x\"", 400, "body")]
    public async Task Bad_requests_name_the_param(string body, int status, string param)
    {
        var t = await TenantAsync();
        var (actual, json, text) = await HttpJson.SendAsync(t.Client, HttpMethod.Post, "/v1/embeddings", body);
        Assert.True((int)actual == status, $"{body} -> {(int)actual}: {text}");
        Assert.Equal(param, json!["error"]!["param"]!.GetValue<string>());
        Assert.Equal("invalid_request_error", json["error"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Without_a_valid_tenant_key_it_is_401()
    {
        foreach (var key in new[] { null, "lle_emb2.wrong", HttpHostFixture.AdminKey })
        {
            using var client = host.Client(key);
            var (status, json, _) = await HttpJson.SendAsync(client, HttpMethod.Post, "/v1/embeddings", "{\"input\":\"x\",\"model\":\"last\"}");
            Assert.Equal(HttpStatusCode.Unauthorized, status);
            Assert.Equal("authentication_error", json!["error"]!["type"]!.GetValue<string>());
        }
    }

    private static readonly SemaphoreSlim Gate = new(1, 1);

    private async Task<HttpTenant> TenantAsync()
    {
        await Gate.WaitAsync();
        try
        {
            using var admin = host.Client(HttpHostFixture.AdminKey);
            var rotated = await HttpJson.SendAsync(admin, HttpMethod.Post, "/v1/tenants/emb2/key");
            if (rotated.Status != HttpStatusCode.OK) return await HttpTenant.CreateAsync(host, "emb2");
            var key = rotated.Json!["key"]!.GetValue<string>();
            return new HttpTenant("emb2", key, host.Client(key));
        }
        finally { Gate.Release(); }
    }
}
