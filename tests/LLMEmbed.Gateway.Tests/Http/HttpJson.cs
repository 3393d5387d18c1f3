using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LLMEmbed.Gateway.Tests.Http;

/// <summary>Small helpers over HttpClient for JSON calls: send, check the status, parse.</summary>
public static class HttpJson
{
    public static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    public static async Task<(HttpStatusCode Status, JsonNode? Json, string Text)> SendAsync(HttpClient client, HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null) request.Content = Body(json);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? node = null;
        if (text.Length > 0 && response.Content.Headers.ContentType?.MediaType?.Contains("json") == true) node = JsonNode.Parse(text);
        return (response.StatusCode, node, text);
    }

    /// <summary>Sends and requires 200, returning the parsed body.</summary>
    public static async Task<JsonNode> OkAsync(HttpClient client, HttpMethod method, string path, string? json = null)
    {
        var (status, node, text) = await SendAsync(client, method, path, json);
        Assert.True(status == HttpStatusCode.OK, $"{method} {path} -> {(int)status}: {text}");
        return node ?? throw new InvalidOperationException($"{method} {path}: no JSON body: {text}");
    }

    public static string Quote(string value) => JsonSerializer.Serialize(value);
}
