using System.Text.Json;
using Google.Protobuf.Reflection;
using Grpc.Core;
using LLMEmbed.Grains.Abstractions.Errors;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace LLMEmbed.Gateway.Http;

/// <summary>
/// The checks an HTTP/JSON request passes before it reaches a transcoded llmembed.v1 method, so bad
/// input is refused as precisely over HTTP as over gRPC, with a JSON google.rpc.Status naming the field:
/// bodies over Gateway:MaxReceiveMessageBytes (413, the limit gRPC messages have); malformed JSON,
/// unknown fields and wrong types (<see cref="ProtoJsonShape"/>); query parameters the method does
/// not have; a body on a route that takes none; a body "tenant" other than the path's. gRPC calls and
/// the streamed imports (bounded per record or archive entry instead) pass through untouched.
/// </summary>
internal sealed class HttpRequestShapeMiddleware(RequestDelegate next, IOptions<GatewayOptions> options)
{
    private readonly int _max = options.Value.MaxReceiveMessageBytes;

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true
            || request.Path.Value?.EndsWith("/examples/import", StringComparison.Ordinal) == true
            || request.Path.Value == ArchiveEndpoints.ImportRoute)
        {
            await next(context);
            return;
        }
        try
        {
            if (request.ContentLength > _max)
            {
                await HttpErrorWriter.WriteBadRequestAsync(context, StatusCodes.Status413PayloadTooLarge, StatusCode.ResourceExhausted, "body",
                    $"the body is {request.ContentLength} bytes, over the limit of {_max} (Gateway:MaxReceiveMessageBytes).");
                return;
            }
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = _max;
            if (context.GetEndpoint()?.Metadata.GetMetadata<GrpcJsonTranscodingMetadata>() is { } transcoded)
            {
                var body = await ReadBodyAsync(context);
                if (body is null) return; // answered 413
                Check(context, transcoded, body);
                request.Body = new MemoryStream(body, writable: false);
            }
        }
        catch (InvalidRequestException e)
        {
            await HttpErrorWriter.WriteBadRequestAsync(context, StatusCodes.Status400BadRequest, StatusCode.InvalidArgument, e.Field, e.Message);
            return;
        }
        await next(context);
    }

    /// <summary>The whole body (they are small: at most the message limit), or null after answering 413.</summary>
    private async Task<byte[]?> ReadBodyAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        try
        {
            while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > _max) break;
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge) { buffer.SetLength(_max + 1L); }
        if (buffer.Length > _max)
        {
            await HttpErrorWriter.WriteBadRequestAsync(context, StatusCodes.Status413PayloadTooLarge, StatusCode.ResourceExhausted, "body",
                $"the body is over the limit of {_max} bytes (Gateway:MaxReceiveMessageBytes).");
            return null;
        }
        return buffer.ToArray();
    }

    private static void Check(HttpContext context, GrpcJsonTranscodingMetadata transcoded, byte[] body)
    {
        var message = transcoded.MethodDescriptor.InputType;
        var routeValues = context.Request.RouteValues;
        var pathFields = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, value) in routeValues)
        {
            if (ProtoJsonShape.Find(message, name) is not { } field || value is not string text) continue;
            pathFields.Add(field.Name);
            ProtoJsonShape.ValidateText(text, field, field.Name);
        }
        var bodyAll = transcoded.HttpRule.Body == "*";
        foreach (var (name, values) in context.Request.Query)
        {
            var field = bodyAll ? null : ProtoJsonShape.Find(message, name);
            if (field is null || pathFields.Contains(field.Name) || field.IsMap || field.FieldType == FieldType.Message)
                throw new InvalidRequestException($"{name}: this route has no query parameter \"{name}\".", name);
            foreach (var value in values) ProtoJsonShape.ValidateText(value ?? "", field, field.Name);
        }
        var hasBody = body.AsSpan().ContainsAnyExcept(" \t\r\n"u8);
        if (!bodyAll)
        {
            if (hasBody) throw new InvalidRequestException("body: this route takes no body; its fields are in the path and query.", "body");
            return;
        }
        if (!hasBody) return; // an empty body is the message with every field at its default
        JsonDocument document;
        try { document = JsonDocument.Parse(body); }
        catch (JsonException e) { throw new InvalidRequestException($"body: not valid JSON ({e.Message}).", "body"); }
        using (document)
        {
            ProtoJsonShape.Validate(document.RootElement, message, "");
            if (routeValues.TryGetValue("tenant", out var pathTenant) && document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("tenant", out var bodyTenant) && bodyTenant.ValueKind == JsonValueKind.String
                && bodyTenant.GetString() != pathTenant as string)
                throw new InvalidRequestException($"tenant: the body names tenant \"{bodyTenant.GetString()}\" but the path names \"{pathTenant}\"; leave it out of the body.", "tenant");
        }
    }
}
