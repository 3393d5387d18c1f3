using System.Reflection;
using Grpc.AspNetCore.Server;
using LLMEmbed.Gateway.Services;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.OpenApi.Models;

namespace LLMEmbed.Gateway.Http;

/// <summary>
/// The HTTP/JSON surface beside gRPC: transcoded llmembed.v1 routes (from the proto's google.api.http
/// annotations), the import and OpenAI embeddings routes, the OpenAPI document and the tenant console.
/// </summary>
public static class HttpApiExtensions
{
    public const string OpenApiPath = "/openapi/v1.json";
    public const string ConsolePath = "/console";

    internal static void AddLLMEmbedHttpApi(this IServiceCollection services, IGrpcServerBuilder grpc)
    {
        grpc.AddJsonTranscoding(o => o.TypeRegistry = HttpErrorWriter.DetailTypes);
        services.AddSingleton<ExampleImporter>();
        services.AddSingleton<HttpCallers>();
        services.AddSingleton<HttpErrorWriter>();
        services.AddEndpointsApiExplorer();
        services.AddGrpcSwagger();
        services.AddSwaggerGen(o =>
        {
            o.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "LLMEmbed llmembed.v1",
                Version = "v1",
                Description = "The gRPC API llmembed.v1 as HTTP/JSON. Send \"Authorization: Bearer <key>\": the admin key on /v1/tenants, a tenant's key elsewhere.",
            });
            o.CustomOperationIds(OpenApiOperationIds.For);
            // The proto comments, from the generated code's XML docs beside LLMEmbed.Protos.dll.
            o.IncludeGrpcXmlComments(Path.ChangeExtension(typeof(LLMEmbed.Protos.V1.Inference).Assembly.Location, ".xml"), includeControllerXmlComments: true);
            o.OperationFilter<OpenApiOperationDocsFilter>();
            o.OperationFilter<HttpRouteBodiesFilter>();
            o.OperationFilter<OpenApiExamplesFilter>();
            o.AddSecurityDefinition(OpenApiOperationDocsFilter.SchemeId, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "The admin key on /v1/tenants and /v1/backbones, a tenant's key (lle_...) elsewhere.",
            });
        });
    }

    internal static void MapLLMEmbedHttpApi(this WebApplication app)
    {
        app.UseMiddleware<HttpRequestShapeMiddleware>();
        var console = new EmbeddedFileProvider(typeof(HttpApiExtensions).Assembly, "LLMEmbed.Gateway.Console");
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = console, RequestPath = ConsolePath });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = console,
            RequestPath = ConsolePath,
            // The console runs only its own script: no inline code, nothing from elsewhere, not framed.
            OnPrepareResponse = c =>
            {
                c.Context.Response.Headers.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'";
                c.Context.Response.Headers.XContentTypeOptions = "nosniff";
                c.Context.Response.Headers.CacheControl = "no-cache";
            },
        });
        app.MapSwagger("/openapi/{documentName}.json");
        app.MapPost(ImportEndpoint.Route, ImportEndpoint.HandleAsync)
            .WithName("Examples_ImportExamples").WithTags("Examples")
            .WithSummary("Bulk import (JSONL or CSV body, streamed, committed in chunks); the HTTP form of the ImportExamples stream.")
            .WithDescription("Bulk import of a JSONL or CSV body, streamed and committed in chunks in file order; the HTTP form of the gRPC ImportExamples stream. "
                + "A failure stops the import with the file line of the bad row, how many rows were committed and the line to resume from; "
                + "with ?import_id= committed rows are recorded, so ?resume=true continues after them without duplicates.");
        app.MapGet(ArchiveEndpoints.ExportRoute, ArchiveEndpoints.ExportAsync)
            .WithName("Admin_ExportTenant").WithTags("Admin")
            .WithSummary("Streams the tenant as one tar archive (admin key); the HTTP form of ExportTenant.")
            .WithDescription("The tenant's settings, labels, examples (vectors and kept texts) and head versions as application/x-tar, read from one snapshot "
                + "and written as read: archive.json, state.bin, segments/, heads/, manifest.json (every entry's length and SHA-256). See docs/gateway.md, Export and restore.");
        app.MapPost(ArchiveEndpoints.ImportRoute, ArchiveEndpoints.ImportAsync)
            .WithName("Admin_ImportTenant").WithTags("Admin")
            .WithSummary("Restores a tenant archive (tar body, streamed; admin key); the HTTP form of ImportTenant.")
            .WithDescription("Restores an archive ExportTenant wrote, under its own name or ?tenant=NEW. Every entry is checked against its SHA-256 and the manifest; "
                + "the tenant exists only once all checked out (409 if it already exists, 400 naming the entry for a damaged or truncated archive).");
        app.MapPost(EmbeddingsEndpoint.Route, EmbeddingsEndpoint.HandleAsync)
            .WithName("OpenAI_CreateEmbeddings").WithTags("OpenAI")
            .WithSummary("OpenAI-compatible embeddings of the key's tenant: model = the tenant's recipe.")
            .WithDescription("OpenAI's POST /v1/embeddings for the tenant the key names: the fused feature vectors of its recipe (model must name it), as float arrays or base64.");
    }
}
