using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Google.Protobuf;
using Grpc.Core;
using LLMEmbed.Cli.Rendering;
using LLMEmbed.Protos.V1;
using Spectre.Console;

namespace LLMEmbed.Cli.Client;

/// <summary>`llmembed tenant export NAME FILE` and `llmembed tenant import FILE [--name NEW]` (admin key): a tenant as one tar archive.</summary>
internal static class TenantArchiveCommands
{
    /// <summary>Bytes per ImportTenant message: well under the gateway's 4 MiB message limit.</summary>
    private const int ChunkBytes = 1024 * 1024;
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(1);

    public static Command Export()
    {
        var name = new Argument<string>("tenant");
        var file = new Argument<string>("file") { Description = "The archive to write (a tar; written to FILE.partial, renamed when complete)" };
        var command = new Command("export", "Write a tenant (settings, labels, examples, heads) to one archive file") { name, file };
        var settings = ClientSettings.ForAdmin(command);
        command.SetAction(async (p, ct) =>
        {
            var (tenant, path) = (p.GetValue(name)!, Path.GetFullPath(p.GetValue(file)!));
            var partial = path + ".partial";
            using var connection = settings.Connect(p);
            var watch = Stopwatch.StartNew();
            // The archive's size is not known until its end: progress is the bytes received, a line a second at most.
            var lastLine = TimeSpan.Zero;
            long written = 0;
            try
            {
                await using (var output = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
                {
                    using var call = new Admin.AdminClient(connection.Channel).ExportTenant(new ExportTenantRequest { Tenant = tenant }, connection.Call(ct));
                    while (await call.ResponseStream.MoveNext(ct))
                    {
                        var data = call.ResponseStream.Current.Data;
                        await output.WriteAsync(data.Memory, ct);
                        written += data.Length;
                        if (watch.Elapsed - lastLine < ProgressEvery) continue;
                        lastLine = watch.Elapsed;
                        Console.Error.WriteLine($"export {tenant}: {Size(written)} received");
                    }
                    output.Flush(flushToDisk: true);
                }
                File.Move(partial, path, overwrite: true);
            }
            catch
            {
                File.Delete(partial);
                throw;
            }
            Consoles.Out.MarkupLineInterpolated($"exported tenant [bold]{tenant}[/] to {path}: {written} bytes in {watch.Elapsed.TotalSeconds:0.0} s");
            return 0;
        });
        return command;
    }

    public static Command Import()
    {
        var file = new Argument<string>("file") { Description = "An archive `llmembed tenant export` wrote" };
        var rename = new Option<string?>("--name") { Description = "Restore under this tenant id instead of the archive's" };
        var json = new Option<bool>("--json") { Description = "Print the restored tenant's summary as JSON" };
        var command = new Command("import", "Restore a tenant from an archive file (the tenant must not exist; its key keeps working)") { file, rename, json };
        var settings = ClientSettings.ForAdmin(command);
        command.SetAction(async (p, ct) =>
        {
            var path = p.GetValue(file)!;
            using var connection = settings.Connect(p);
            await using var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
            var watch = Stopwatch.StartNew();
            var progress = new ProgressLines(Console.Error, ProgressEvery);
            using var call = new Admin.AdminClient(connection.Channel).ImportTenant(connection.Call(ct));
            var buffer = new byte[ChunkBytes];
            long sent = 0;
            try
            {
                var first = true;
                int read;
                while ((read = await input.ReadAsync(buffer, ct)) > 0 || first)
                {
                    var chunk = new ImportTenantChunk { Data = ByteString.CopyFrom(buffer, 0, read) };
                    if (first) chunk.Tenant = p.GetValue(rename) ?? "";
                    first = false;
                    await call.RequestStream.WriteAsync(chunk, ct);
                    sent += read;
                    progress.Report($"import {Path.GetFileName(path)}", input.Length == 0 ? 1 : sent / (double)input.Length, $"{Size(sent)} sent");
                    if (read == 0) break;
                }
                await call.RequestStream.CompleteAsync();
            }
            catch (RpcException) when (!ct.IsCancellationRequested)
            {
                // The gateway ended the call early (a damaged archive, an existing tenant): its status comes with the response below.
            }
            var response = await call.ResponseAsync;
            progress.Finish($"import {Path.GetFileName(path)}", 1, $"{Size(sent)} sent, {response.Entries} entries restored");
            if (p.GetValue(json))
            {
                TenantSettingsView.Write(response.Tenant, json: true);
                return 0;
            }
            Consoles.Out.MarkupLineInterpolated(
                $"restored tenant [bold]{response.Tenant.Tenant}[/]: {response.Tenant.Examples} examples, {response.Tenant.Labels} labels, active head {response.Tenant.ActiveHeadVersion}, {response.Entries} entries in {watch.Elapsed.TotalSeconds:0.0} s");
            return 0;
        });
        return command;
    }

    private static string Size(long bytes) => bytes >= 1 << 20
        ? (bytes / (double)(1 << 20)).ToString("0.0 'MiB'", CultureInfo.InvariantCulture)
        : (bytes / 1024.0).ToString("0.0 'KiB'", CultureInfo.InvariantCulture);
}
