using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace LLMEmbed.Gateway.Http;

/// <summary>Reads a whole JSON request body of at most the gateway's message limit (Gateway:MaxReceiveMessageBytes).</summary>
internal static class JsonBodies
{
    public static async Task<JsonDocument> ReadAsync(HttpContext context, int maxBytes)
    {
        if (context.Request.ContentLength > maxBytes) throw TooLarge(maxBytes);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        try
        {
            while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
            {
                if (buffer.Length + read > maxBytes) throw TooLarge(maxBytes);
                buffer.Write(chunk, 0, read);
            }
        }
        // Kestrel's own cut-off of an undeclared (chunked) body at the same limit.
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge) { throw TooLarge(maxBytes); }
        try { return JsonDocument.Parse(buffer.ToArray()); }
        catch (JsonException e) { throw new JsonBodyException(StatusCodes.Status400BadRequest, $"the body is not valid JSON: {e.Message}", "body"); }
    }

    private static JsonBodyException TooLarge(int maxBytes) =>
        new(StatusCodes.Status413PayloadTooLarge, $"the body is larger than {maxBytes} bytes (Gateway:MaxReceiveMessageBytes).", "body");
}

/// <summary>A body refused before any service ran: too large, or not JSON.</summary>
internal sealed class JsonBodyException(int httpStatus, string message, string field) : Exception(message)
{
    public int HttpStatus { get; } = httpStatus;
    public string Field { get; } = field;
}
