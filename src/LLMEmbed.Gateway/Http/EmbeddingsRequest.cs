using System.Text.Json;

namespace LLMEmbed.Gateway.Http;

/// <summary>
/// The body of OpenAI's POST /v1/embeddings, read strictly: "input" (a string or an array of
/// strings), "model", optional "encoding_format" (float|base64), "dimensions" and "user" (ignored).
/// Anything else is refused with the offending field named, as the rest of the API refuses unknown fields.
/// </summary>
internal sealed record EmbeddingsRequest(IReadOnlyList<string> Input, string Model, bool Base64, int? Dimensions)
{
    public static EmbeddingsRequest Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) throw new EmbeddingsRequestException("the body must be a JSON object.", null);
        IReadOnlyList<string>? input = null;
        string? model = null;
        var base64 = false;
        int? dimensions = null;
        foreach (var property in root.EnumerateObject())
        {
            var value = property.Value;
            switch (property.Name)
            {
                case "input":
                    input = value.ValueKind switch
                    {
                        JsonValueKind.String => [value.GetString()!],
                        JsonValueKind.Array => value.EnumerateArray().Select((item, i) => item.ValueKind == JsonValueKind.String
                            ? item.GetString()!
                            : throw new EmbeddingsRequestException($"input[{i}] must be a string (token-id inputs are not supported), found {item.ValueKind}.", $"input[{i}]")).ToArray(),
                        var kind => throw new EmbeddingsRequestException($"input must be a string or an array of strings, found {kind}.", "input"),
                    };
                    break;
                case "model":
                    model = value.ValueKind == JsonValueKind.String ? value.GetString()
                        : throw new EmbeddingsRequestException($"model must be a string, found {value.ValueKind}.", "model");
                    break;
                case "encoding_format":
                    base64 = value.ValueKind == JsonValueKind.String ? value.GetString() switch
                    {
                        "float" => false,
                        "base64" => true,
                        var other => throw new EmbeddingsRequestException($"encoding_format must be \"float\" or \"base64\", got \"{other}\".", "encoding_format"),
                    } : throw new EmbeddingsRequestException($"encoding_format must be a string, found {value.ValueKind}.", "encoding_format");
                    break;
                case "dimensions":
                    dimensions = value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var d) ? d
                        : throw new EmbeddingsRequestException($"dimensions must be an integer, found {value.ValueKind}.", "dimensions");
                    break;
                case "user":
                    if (value.ValueKind != JsonValueKind.String) throw new EmbeddingsRequestException($"user must be a string, found {value.ValueKind}.", "user");
                    break;
                default:
                    throw new EmbeddingsRequestException($"unknown field \"{property.Name}\".", property.Name);
            }
        }
        if (input is null) throw new EmbeddingsRequestException("input is required.", "input");
        if (string.IsNullOrEmpty(model)) throw new EmbeddingsRequestException("model is required: the tenant's recipe.", "model");
        return new EmbeddingsRequest(input, model, base64, dimensions);
    }
}

/// <summary>A bad /v1/embeddings body; <see cref="Param"/> is OpenAI's error "param" (the field).</summary>
internal sealed class EmbeddingsRequestException(string message, string? param) : Exception(message)
{
    public string? Param { get; } = param;
}
