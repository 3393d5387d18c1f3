using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Routing;

namespace LLMEmbed.Gateway.Http;

/// <summary>
/// OpenAPI operation ids as grpc-gateway names them, Service_Method (e.g. Inference_Classify), so a
/// generated client's methods are the RPC names; routes the gateway serves itself keep their endpoint name.
/// </summary>
internal static class OpenApiOperationIds
{
    public static string? For(ApiDescription api)
    {
        var metadata = api.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<GrpcMethodMetadata>().FirstOrDefault() is { } grpc)
            return $"{grpc.Method.ServiceName[(grpc.Method.ServiceName.LastIndexOf('.') + 1)..]}_{grpc.Method.Name}";
        return metadata.OfType<IEndpointNameMetadata>().FirstOrDefault()?.EndpointName;
    }
}
