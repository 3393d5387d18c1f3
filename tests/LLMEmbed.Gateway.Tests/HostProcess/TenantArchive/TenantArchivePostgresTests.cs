using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Google.Protobuf;
using Xunit.Abstractions;

namespace LLMEmbed.Gateway.Tests.HostProcess.TenantArchive;

/// <summary>
/// The done-when: a tenant exported over HTTP from a host on file storage, imported over HTTP into a host whose
/// cluster and storage are PostgreSQL, classifies the README's texts with bitwise-identical probabilities, and its key
/// (restored under the same name) keeps working there.
/// </summary>
[Trait("Category", "Postgres")]
[Collection(TrainedTenantCollection.Name)]
public sealed class TenantArchivePostgresTests(TrainedTenantHost trained, ITestOutputHelper output)
{
    [Fact]
    public async Task A_file_storage_tenant_restored_on_postgres_answers_bitwise_identically()
    {
        var archive = Path.Combine(trained.Work, "over-http.tar");
        var watch = Stopwatch.StartNew();
        using (var source = Admin(trained.Host.HttpBase))
        using (var response = await source.GetAsync($"/v1/tenants/{TrainedTenantHost.Tenant}/export", HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/x-tar", response.Content.Headers.ContentType?.MediaType);
            Assert.Null(response.Content.Headers.ContentLength); // streamed as read from the tenant, not buffered whole first
            await using var file = File.Create(archive);
            await response.Content.CopyToAsync(file);
        }
        var exportTook = watch.Elapsed;

        await using var database = await PostgresDatabase.CreateAsync();
        var target = HostProcessFixture.On(null, new Dictionary<string, string>
        {
            ["LLMEMBED_Cluster__Provider"] = "postgres",
            ["LLMEMBED_Storage__Provider"] = "postgres",
            ["LLMEMBED_Postgres__ConnectionString"] = database.ConnectionString,
            ["LLMEMBED_Postgres__CreateSchema"] = "true",
        });
        try
        {
            await target.InitializeAsync();
            await RestoreAndCompareAsync(target, archive, exportTook);
        }
        finally
        {
            await target.DisposeAsync();
        }
    }

    private async Task RestoreAndCompareAsync(HostProcessFixture target, string archive, TimeSpan exportTook)
    {
        var watch = Stopwatch.StartNew();
        using (var http = Admin(target.HttpBase))
        await using (var body = File.OpenRead(archive))
        {
            using var content = new StreamContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
            using var response = await http.PostAsync("/v1/tenants/import", content);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {text}");
            var restored = JsonDocument.Parse(text).RootElement;
            Assert.Equal(TrainedTenantHost.Tenant, restored.GetProperty("tenant").GetProperty("tenant").GetString());
            Assert.Equal("120", restored.GetProperty("tenant").GetProperty("examples").ToString()); // int64: a string in proto3 JSON
            Assert.Equal(6, restored.GetProperty("entries").GetInt32()); // archive.json, state.bin, one segment, three heads
        }
        output.WriteLine($"HTTP: archive {new FileInfo(archive).Length} bytes; export {exportTook.TotalSeconds:0.00} s, import into PostgreSQL {watch.Elapsed.TotalSeconds:0.00} s");

        using var probe = new TenantProbe(target.Endpoint, TrainedTenantHost.Tenant, trained.Key); // the key from the file-storage host
        var answers = await probe.ClassifyAsync();
        Assert.True(trained.Answers.ToByteString() == answers.ToByteString(), $"file:     {TenantProbe.Bits(trained.Answers)}\npostgres: {TenantProbe.Bits(answers)}");
        Assert.Equal(2, (await probe.HeadsAsync()).Heads.Count);
        Assert.Equal(120, (await probe.ExamplesAsync()).Count);
    }

    private static HttpClient Admin(string baseAddress)
    {
        var http = new HttpClient { BaseAddress = new Uri(baseAddress), Timeout = TimeSpan.FromMinutes(3) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", HostProcessFixture.AdminKey);
        return http;
    }
}
