using LLMEmbed.Grains.Abstractions.Backbones;
using LLMEmbed.Gateway.Services;
using System.Runtime.InteropServices;
using System.Text.Json;
using Google.Rpc;
using Grpc.Core;
using LLMEmbed.Gateway.Errors;
using LLMEmbed.Gateway.Limits;
using LLMEmbed.Grains.Abstractions.Tenants;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LLMEmbed.Gateway.Http;

/// <summary>
/// OpenAI-compatible POST /v1/embeddings over the tenant's fused vectors (the Embed RPC's grain call):
/// the tenant comes from its key, "model" must be the tenant's recipe, vectors are float32 as JSON
/// numbers or base64 of their little-endian bytes. Errors use OpenAI's <c>{"error": {...}}</c> shape
/// so its SDKs report them, with the same HTTP statuses as the rest of the API.
/// </summary>
public static class EmbeddingsEndpoint
{
    public const string Route = "/v1/embeddings";

    public static async Task HandleAsync(HttpContext context, HttpCallers callers, IGrainFactory grains,
        IOptions<GatewayOptions> options, ILoggerFactory loggers)
    {
        try
        {
            var caller = await callers.ResolveAsync(context, tenant: null);
            using var document = await JsonBodies.ReadAsync(context, options.Value.MaxReceiveMessageBytes);
            var request = EmbeddingsRequest.Parse(document.RootElement);
            var recipe = caller.Info!.Recipe;
            if (!string.Equals(request.Model, recipe, StringComparison.Ordinal))
                throw new EmbeddingsRequestException($"model \"{request.Model}\" is not this tenant's recipe; use \"{recipe}\".", "model");
            var (texts, _) = RequestLimits.CheckTexts(request.Input, caller.Info, truncate: false, "input");
            using var admitted = context.RequestServices.GetRequiredService<TenantTextsInFlight>().Enter(caller.Tenant!, texts.Length);
            var vectors = await InferenceService.EmbedAsync(grains.GetGrain<ITenantInferenceGrain>(caller.Tenant!), caller.Info, texts, truncate: false, context.RequestAborted);
            var dimension = vectors.Length == 0 ? 0 : vectors[0].Length / sizeof(float);
            if (request.Dimensions is { } asked && asked != dimension)
                throw new EmbeddingsRequestException($"dimensions {asked} is not offered: this tenant's recipe \"{recipe}\" gives {dimension}.", "dimensions");
            var data = vectors.Select((bytes, i) => new
            {
                @object = "embedding",
                index = i,
                embedding = request.Base64 ? (object)Convert.ToBase64String(bytes) : MemoryMarshal.Cast<byte, float>(bytes).ToArray(),
            }).ToArray();
            var promptTokens = await grains.GetGrain<ITokenCounterGrain>(recipe).CountTokens(texts);
            await context.Response.WriteAsJsonAsync(new
            {
                @object = "list",
                data,
                model = recipe,
                usage = new { prompt_tokens = promptTokens, total_tokens = promptTokens },
            }, context.RequestAborted);
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            await WriteErrorAsync(context, e, loggers.CreateLogger(typeof(EmbeddingsEndpoint)));
        }
    }

    private static Task WriteErrorAsync(HttpContext context, Exception exception, ILogger logger)
    {
        int status;
        string message;
        string? param;
        if (exception is EmbeddingsRequestException bad)
        {
            (status, message, param) = (StatusCodes.Status400BadRequest, bad.Message, bad.Param);
        }
        else if (exception is JsonBodyException body)
        {
            (status, message, param) = (body.HttpStatus, body.Message, body.Field);
        }
        else
        {
            var mapped = ErrorStatusMapper.TryMap(exception);
            if (mapped is null)
            {
                var errorId = Guid.NewGuid().ToString("N")[..12];
                logger.LogError(exception, "Unhandled error {ErrorId} in POST /v1/embeddings", errorId);
                mapped = ErrorStatusMapper.Internal(errorId);
            }
            status = GrpcHttpStatus.For(mapped.StatusCode);
            message = mapped.Status.Detail;
            param = mapped.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations.FirstOrDefault()?.Field;
            // As on every other HTTP route: the limit hit and its Retry-After become response headers.
            foreach (var trailer in mapped.Trailers.Where(t => !t.IsBinary)) context.Response.Headers[trailer.Key] = trailer.Value;
        }
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new { error = new { message, type = TypeOf(status), param, code = (string?)null } });
    }

    /// <summary>OpenAI's error "type" for an HTTP status.</summary>
    private static string TypeOf(int status) => status switch
    {
        401 => "authentication_error",
        403 => "permission_error",
        404 => "not_found_error",
        429 => "rate_limit_error",
        >= 500 => "server_error",
        _ => "invalid_request_error",
    };
}
