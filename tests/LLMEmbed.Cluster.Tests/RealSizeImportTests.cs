using System.Diagnostics;
using LLMEmbed.Core;
using LLMEmbed.Core.Data;
using LLMEmbed.Protos.V1;

namespace LLMEmbed.Cluster.Tests;

/// <summary>
/// Done-when of "real-sized work": 600 real IMDB reviews (each at most 1,000 characters) through the
/// default two-backbone recipe (real MiniLM and Arctic) in one ImportExamples stream, all stored,
/// though the whole import takes far longer than one grain call's 30-second timeout on 2 cores.
/// </summary>
[Trait("Category", "Data")]
public sealed class RealSizeImportTests
{
    [Fact]
    public async Task Six_hundred_real_reviews_import_in_one_stream_on_the_embedded_default()
    {
        var reviews = ImdbDataset.Load(LLMEmbedPaths.Default().Data, trainSize: 2_000, testSize: 10, seed: 16).Train
            .Where(r => r.Text.Length <= 1_000).Take(600).ToList();
        Assert.Equal(600, reviews.Count);
        await using var host = await EmbeddedHost.StartAsync();
        var created = await new Admin.AdminClient(host.Channel).CreateTenantAsync(new CreateTenantRequest { Tenant = "reviews" }, host.Admin);
        var auth = EmbeddedHost.Bearer(created.Key);
        await new Labels.LabelsClient(host.Channel).SetLabelsAsync(new SetLabelsRequest { Tenant = "reviews", Labels = { "negative", "positive" } }, auth);
        var examples = new Examples.ExamplesClient(host.Channel);

        var clock = Stopwatch.StartNew();
        using var call = examples.ImportExamples(auth);
        foreach (var chunk in reviews.Chunk(256)) // as `llmembed import` sends them
        {
            var message = new ImportExamplesRequest { Tenant = "reviews", Truncate = true, ImportId = "imdb-600" };
            message.Examples.AddRange(chunk.Select(r => new Example { Text = r.Text, Label = r.Label }));
            await call.RequestStream.WriteAsync(message);
        }
        await call.RequestStream.CompleteAsync();
        var result = await call.ResponseAsync;
        clock.Stop();

        Assert.Equal(600, result.Accepted);
        Assert.Equal(600, result.TotalExamples);
        var counts = await examples.CountExamplesAsync(new CountExamplesRequest { Tenant = "reviews" }, auth);
        Assert.Equal(600, counts.Total);
        Assert.Equal(reviews.Count(r => r.Label == "positive"), counts.PerLabel["positive"]);
        Assert.Equal(600, (await examples.GetImportAsync(new GetImportRequest { Tenant = "reviews", ImportId = "imdb-600" }, auth)).CommittedRows);
        Console.WriteLine($"real-size import: 600 IMDB reviews, recipe llmembed, {clock.Elapsed.TotalSeconds:0.0} s ({600 / clock.Elapsed.TotalSeconds:0.0} rows/s)");
    }
}
