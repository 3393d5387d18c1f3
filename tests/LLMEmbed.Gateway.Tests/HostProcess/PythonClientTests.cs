using System.Diagnostics;
using LLMEmbed.Gateway.Tests.Configuration;
using Xunit.Abstractions;

namespace LLMEmbed.Gateway.Tests.HostProcess;

/// <summary>
/// The Python client's own tests (clients/python/tests, stdlib unittest) against a real host, with
/// Debian's python3-grpcio and python3-protobuf (test.sh installs them): create a tenant, import 200
/// rows, train, classify, embed, and a retry of a call the request rate refused.
/// </summary>
public sealed class PythonClientTests(HostProcessFixture host, ITestOutputHelper output) : IClassFixture<HostProcessFixture>
{
    private const string Python = "/usr/bin/python3";

    [Fact]
    public async Task The_python_clients_tests_pass_against_a_real_host()
    {
        var start = new ProcessStartInfo(Python)
        {
            WorkingDirectory = RepositoryFiles.Path("clients", "python"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-m", "unittest", "discover", "-s", "tests", "-v" }) start.ArgumentList.Add(arg);
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("LLMEMBED_", StringComparison.Ordinal) || k == "PYTHONPATH").ToList())
            start.Environment.Remove(key);
        start.Environment["LLMEMBED_ENDPOINT"] = host.Endpoint;
        start.Environment["LLMEMBED_ADMIN_KEY"] = HostProcessFixture.AdminKey;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        // unittest writes its report to stderr.
        var report = await stderr + await stdout;
        output.WriteLine(report);
        Assert.True(process.ExitCode == 0, report);
        // The host tests skip themselves without an endpoint; here every one must have run.
        Assert.DoesNotContain("skipped", report, StringComparison.Ordinal);
        Assert.Contains("test_import_train_classify_embed_and_heads", report, StringComparison.Ordinal);
        Assert.Contains("test_a_refused_call_over_the_request_rate_is_retried_until_it_passes", report, StringComparison.Ordinal);
        Assert.Contains("test_an_exported_tenant_imports_under_another_name_and_not_over_itself", report, StringComparison.Ordinal);
    }
}
