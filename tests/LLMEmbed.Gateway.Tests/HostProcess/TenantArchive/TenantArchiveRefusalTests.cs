using System.Net;
using System.Net.Http.Headers;
using Grpc.Core;
using Grpc.Net.Client;
using LLMEmbed.Protos.V1;

namespace LLMEmbed.Gateway.Tests.HostProcess.TenantArchive;

/// <summary>
/// What an import refuses, over the CLI (gRPC) and HTTP: a damaged or truncated archive (InvalidArgument / 400
/// naming the entry, and no tenant afterwards), an existing name (AlreadyExists / 409); and a tenant key on either route.
/// </summary>
[Collection(TrainedTenantCollection.Name)]
public sealed class TenantArchiveRefusalTests(TrainedTenantHost trained)
{
    private HostProcessFixture Host => trained.Host;

    [Fact]
    public async Task A_flipped_byte_in_a_segment_is_refused_naming_the_entry_and_leaves_no_tenant()
    {
        var archive = await File.ReadAllBytesAsync(trained.Archive);
        var damaged = Path.Combine(trained.Work, "damaged.tar");
        archive[DataOffset(archive, "segments/000000.bin") + 1000] ^= 0x20;
        await File.WriteAllBytesAsync(damaged, archive);

        var cli = await CliProcess.RunAsync(Host.CliEnvironment(), "tenant", "import", damaged, "--name", "damaged");
        Assert.True(cli.ExitCode == 2, cli.ToString());
        Assert.Contains("InvalidArgument", cli.Err);
        Assert.Contains("segments/000000.bin", cli.Err);
        await AssertAbsentAsync("damaged");

        using var http = Admin();
        using var response = await http.PostAsync("/v1/tenants/import?tenant=damaged-http", new ByteArrayContent(archive));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.StatusCode}: {body}");
        Assert.Contains("segments/000000.bin", body);
        await AssertAbsentAsync("damaged-http");
    }

    [Fact]
    public async Task A_truncated_archive_is_refused_and_leaves_no_tenant()
    {
        var archive = await File.ReadAllBytesAsync(trained.Archive);
        // Cut inside the last head: the state and every segment arrived and were written, the manifest never did.
        var cut = Path.Combine(trained.Work, "truncated.tar");
        await File.WriteAllBytesAsync(cut, archive[..(DataOffset(archive, "heads/task1/v000001.bin") + 10)]);
        var cli = await CliProcess.RunAsync(Host.CliEnvironment(), "tenant", "import", cut, "--name", "truncated");
        Assert.True(cli.ExitCode == 2, cli.ToString());
        Assert.Contains("InvalidArgument", cli.Err);
        Assert.Contains("heads/task1/v000001.bin", cli.Err);
        await AssertAbsentAsync("truncated");
    }

    [Fact]
    public async Task Importing_over_an_existing_tenant_is_already_exists()
    {
        var cli = await CliProcess.RunAsync(Host.CliEnvironment(), "tenant", "import", trained.Archive);
        Assert.True(cli.ExitCode == 2, cli.ToString());
        Assert.Contains("AlreadyExists", cli.Err);

        using var http = Admin();
        using var response = await http.PostAsync("/v1/tenants/import", new ByteArrayContent(await File.ReadAllBytesAsync(trained.Archive)));
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task Exporting_an_unknown_tenant_is_not_found_and_writes_no_file()
    {
        using var http = Admin();
        using var response = await http.GetAsync("/v1/tenants/no-such-tenant/export");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var file = Path.Combine(trained.Work, "unknown.tar");
        var cli = await CliProcess.RunAsync(Host.CliEnvironment(), "tenant", "export", "no-such-tenant", file);
        Assert.True(cli.ExitCode == 2 && cli.Err.Contains("NotFound", StringComparison.Ordinal), cli.ToString());
        Assert.False(File.Exists(file) || File.Exists(file + ".partial"), "a failed export left a file");
    }

    [Fact]
    public async Task A_tenant_key_is_refused_on_export_and_import_over_grpc_and_http()
    {
        using var channel = GrpcChannel.ForAddress(Host.Endpoint);
        var admin = new Admin.AdminClient(channel);
        var tenantKey = new Metadata { { "authorization", $"Bearer {trained.Key}" } };
        var export = Assert.ThrowsAsync<RpcException>(async () =>
        {
            using var call = admin.ExportTenant(new ExportTenantRequest { Tenant = TrainedTenantHost.Tenant }, tenantKey);
            while (await call.ResponseStream.MoveNext(CancellationToken.None)) { }
        });
        Assert.Equal(StatusCode.Unauthenticated, (await export).StatusCode);
        // The admin key is checked before any message is read, so the answer comes without one (a write could race it).
        using (var call = admin.ImportTenant(tenantKey))
            Assert.Equal(StatusCode.Unauthenticated, (await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync)).StatusCode);

        using var http = new HttpClient { BaseAddress = new Uri(Host.HttpBase) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", trained.Key);
        using var get = await http.GetAsync($"/v1/tenants/{TrainedTenantHost.Tenant}/export");
        Assert.Equal(HttpStatusCode.Unauthorized, get.StatusCode);
        using var post = await http.PostAsync("/v1/tenants/import?tenant=by-tenant-key", new ByteArrayContent(await File.ReadAllBytesAsync(trained.Archive)));
        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
        await AssertAbsentAsync("by-tenant-key");
    }

    private HttpClient Admin()
    {
        var http = new HttpClient { BaseAddress = new Uri(Host.HttpBase), Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", HostProcessFixture.AdminKey);
        return http;
    }

    /// <summary>The tenant is unknown to the gateway (NotFound) and absent from the tenant list.</summary>
    private async Task AssertAbsentAsync(string tenant)
    {
        var settings = await CliProcess.RunAsync(Host.CliEnvironment(), "tenant", "settings", tenant);
        Assert.True(settings.ExitCode == 2 && settings.Err.Contains("NotFound", StringComparison.Ordinal), settings.ToString());
        var list = await TrainedTenantHost.Cli(Host.CliEnvironment(), "tenant", "list", "--json");
        Assert.DoesNotContain($"\"{tenant}\"", list.Out);
    }

    /// <summary>Where an entry's data starts in the tar bytes (after its pax and ustar headers).</summary>
    private static int DataOffset(byte[] archive, string entry)
    {
        var name = System.Text.Encoding.ASCII.GetBytes(entry + "\0");
        var header = archive.AsSpan().LastIndexOf(name); // the ustar header (after the pax one) names it last
        Assert.True(header >= 0 && header % 512 == 0, $"{entry}: no header block");
        return header + 512;
    }
}
