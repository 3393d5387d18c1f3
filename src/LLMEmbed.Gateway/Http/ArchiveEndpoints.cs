using LLMEmbed.Gateway.Archive;
using LLMEmbed.Gateway.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace LLMEmbed.Gateway.Http;

/// <summary>
/// The HTTP forms of ExportTenant and ImportTenant (admin key): GET /v1/tenants/{tenant}/export answers the archive
/// as application/x-tar, written as it is read from the tenant; POST /v1/tenants/import[?tenant=NEW] takes one as the
/// body, restored as it arrives. Neither holds more than one archive entry.
/// </summary>
public static class ArchiveEndpoints
{
    public const string ExportRoute = "/v1/tenants/{tenant}/export";
    public const string ImportRoute = "/v1/tenants/import";

    public static async Task ExportAsync(HttpContext context, string tenant, AdminKeyVerifier admin, TenantExporter exporter, HttpErrorWriter errors)
    {
        try
        {
            admin.Verify(BearerToken.From(context.Request.Headers.Authorization.ToString()), context.Connection.RemoteIpAddress);
            TenantIds.Validate(tenant);
            context.Response.ContentType = ArchiveLayout.ContentType;
            context.Response.Headers.ContentDisposition = $"attachment; filename=\"{tenant}.llmembed.tar\"";
            await exporter.ExportAsync(tenant, context.Response.Body, context.RequestAborted);
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            await errors.WriteAsync(context, e);
        }
        catch (Exception) when (context.Response.HasStarted)
        {
            // Part of the archive went out: break the connection, so the client sees a failed download, not a short tar.
            context.Abort();
        }
    }

    public static async Task ImportAsync(HttpContext context, AdminKeyVerifier admin, TenantRestorer restorer, HttpErrorWriter errors)
    {
        try
        {
            admin.Verify(BearerToken.From(context.Request.Headers.Authorization.ToString()), context.Connection.RemoteIpAddress);
            var tenant = context.Request.Query["tenant"].ToString();
            if (tenant.Length > 0) TenantIds.Validate(tenant);
            // Streamed entry by entry, each bounded by ArchiveLayout.MaxEntryBytes: the body as a whole is not.
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = null;
            var (info, totals) = await restorer.RestoreAsync(context.Request.Body, tenant, context.RequestAborted);
            await context.Response.WriteAsJsonAsync(new { tenant = ProtoJson(info), bytes = totals.Bytes, entries = totals.Entries }, context.RequestAborted);
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            await errors.WriteAsync(context, e);
        }
    }

    /// <summary>The summary as JSON transcoding writes a TenantSummary (camelCase proto3 JSON).</summary>
    private static System.Text.Json.JsonElement ProtoJson(Grains.Abstractions.Tenants.TenantInfo info) =>
        System.Text.Json.JsonDocument.Parse(Google.Protobuf.JsonFormatter.Default.Format(Services.ProtoMapping.ToSummary(info))).RootElement.Clone();
}
