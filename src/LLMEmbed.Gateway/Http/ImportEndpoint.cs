using System.Text;
using LLMEmbed.Gateway.Services;
using LLMEmbed.Grains.Abstractions.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace LLMEmbed.Gateway.Http;

/// <summary>
/// POST /v1/tenants/{tenant}/examples/import: the HTTP form of the ImportExamples stream (JSON
/// transcoding has no client streams). The body (JSONL, or CSV laid out as ?text_column=, ?label_column=,
/// ?separator=, ?no_header= say) is read as it arrives
/// and committed by the same <see cref="ExampleImporter"/> as gRPC (pieces in flight, commits in body
/// order; ?import_id=…&amp;resume=true continues after the committed rows); a bad row stops the import
/// with its line in the error and in the llmembed-import-row / -committed / -resume-line headers.
/// </summary>
public static class ImportEndpoint
{
    public const string Route = "/v1/tenants/{tenant}/examples/import";

    public static async Task HandleAsync(HttpContext context, string tenant, HttpCallers callers, ExampleImporter importer,
        HttpErrorWriter errors, IOptions<GatewayOptions> options)
    {
        try
        {
            var caller = await callers.ResolveAsync(context, tenant);
            var request = context.Request;
            var format = ImportBodyReader.FormatOf(request.Query["format"], request.ContentType)
                ?? throw new InvalidRequestException(
                    "say the body's format: Content-Type application/x-ndjson (JSONL) or text/csv, or ?format=jsonl|csv.", "format");
            var truncate = ImportQuery.Flag(request.Query, "truncate");
            var columns = ImportQuery.CsvColumns(request.Query);
            // The body is streamed and committed chunk by chunk, so its total is bounded by the tenant's max_examples, not by a body size.
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = null;
            using var body = new StreamReader(request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            var unlabelled = ImportQuery.Flag(request.Query, "unlabelled");
            var rows = ImportBodyReader.Read(format, body, options.Value.MaxReceiveMessageBytes, columns with { LabelOptional = unlabelled }, context.RequestAborted);
            var importId = request.Query["import_id"].ToString();
            var resume = ImportQuery.Flag(request.Query, "resume");
            var result = await importer.ImportAsync(caller, new ImportStart(truncate, importId, resume, unlabelled), rows, context.RequestAborted);
            await context.Response.WriteAsJsonAsync(new { accepted = result.Accepted, totalExamples = result.TotalExamples, truncated = result.Truncated, skipped = result.Skipped },
                context.RequestAborted);
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            await errors.WriteAsync(context, e);
        }
    }
}
