using System.ComponentModel;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using LLMEmbed.Protos.V1;

namespace LLMEmbed.Gateway.Tests.Http;

/// <summary>
/// A client generated from the served OpenAPI document by a generator people use (openapi-typescript,
/// pinned in Http/OpenApiClient/package.json, installed once with npm into a cached folder) compiles
/// with tsc, its operations are the RPC names, and a script typed by it classifies on the real host with Node.
/// </summary>
public sealed class OpenApiClientTests(HttpHostFixture host) : IClassFixture<HttpHostFixture>
{
    private static readonly string Sources = Path.Combine(AppContext.BaseDirectory, "Http", "OpenApiClient");

    [Fact]
    public async Task A_generated_typescript_client_compiles_and_calls_Inference_Classify()
    {
        var tenant = await HttpTenant.CreateAsync(host, "tsclient");
        await HttpTraining.TrainAsync(tenant.Client, tenant.Tenant);
        var tools = await ToolsAsync();
        var run = Directory.CreateDirectory(Path.Combine(tools, "run-" + Guid.NewGuid().ToString("N")));
        try
        {
            using (var client = host.Client())
                await File.WriteAllTextAsync(Path.Combine(run.FullName, "openapi.json"), await client.GetStringAsync("/openapi/v1.json"));
            foreach (var file in new[] { "classify.ts", "tsconfig.json" }) File.Copy(Path.Combine(Sources, file), Path.Combine(run.FullName, file));
            var bin = Path.Combine(tools, "node_modules", ".bin");

            await OkAsync(run.FullName, Path.Combine(bin, "openapi-typescript"), "openapi.json", "-o", "schema.d.ts");
            var schema = await File.ReadAllTextAsync(Path.Combine(run.FullName, "schema.d.ts"));
            foreach (var method in LlmembedReflection.Descriptor.Services.SelectMany(s => s.Methods))
                Assert.Contains($"    {method.Service.Name}_{method.Name}: {{", schema);

            await OkAsync(run.FullName, Path.Combine(bin, "tsc"), "-p", "tsconfig.json");
            var classified = await OkAsync(run.FullName, "node", Path.Combine("out", "classify.js"), host.Http.ToString().TrimEnd('/'), tenant.Key, tenant.Tenant);
            Assert.Equal("crude", classified.Trim());
        }
        finally
        {
            run.Delete(recursive: true);
        }
    }

    /// <summary>The pinned generator and compiler, installed by npm once per package.json into a folder kept between runs.</summary>
    private static async Task<string> ToolsAsync()
    {
        var manifest = await File.ReadAllTextAsync(Path.Combine(Sources, "package.json"));
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(manifest)))[..12].ToLowerInvariant();
        var tools = Path.Combine(Path.GetTempPath(), "llmembed-openapi-client-" + hash);
        if (File.Exists(Path.Combine(tools, "node_modules", ".bin", "tsc")) && File.Exists(Path.Combine(tools, "node_modules", ".bin", "openapi-typescript"))) return tools;
        Directory.CreateDirectory(tools);
        await File.WriteAllTextAsync(Path.Combine(tools, "package.json"), manifest);
        await OkAsync(tools, "npm", "install", "--no-audit", "--no-fund", "--loglevel=error");
        return tools;
    }

    private static async Task<string> OkAsync(string directory, string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        Process process;
        try { process = Process.Start(start)!; }
        catch (Win32Exception e) { throw new InvalidOperationException($"{file} could not be started (Node.js 18+ with npm is needed)", e); }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            await process.WaitForExitAsync(timeout.Token);
            var output = await stdout;
            Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)} exited {process.ExitCode}:\n{output}\n{await stderr}");
            return output;
        }
    }
}
