using System.Buffers.Binary;
using System.Globalization;
using System.Reflection;
using Grpc.Core;
using LLMEmbed.Gateway.Services;
using LLMEmbed.Grains.Abstractions.Fusion;
using LLMEmbed.Grains.Abstractions.Tenants;
using Api = LLMEmbed.Protos.V1;

namespace LLMEmbed.Gateway.Tests;

/// <summary>
/// An import must not depend on the machine's speed: a piece whose featurizing outlives the grain-call
/// timeout is featurized again in halves (featurizing stores nothing), so every row is still stored, in order.
/// </summary>
public sealed class ImportPieceTimeoutTests
{
    private static readonly TenantInfo Tenant = new("t", "last", 2, 0, 0, DateTimeOffset.UnixEpoch, TenantLimits.Default, false,
        TextsPerGrainCall: 16, MaxTokensPerText: 512);

    [Fact]
    public async Task A_piece_that_outlives_the_call_timeout_is_featurized_in_halves_and_every_row_is_stored_in_order()
    {
        var grain = SlowTenantGrain.Create(fitsTexts: 3, out var fake);
        var pipeline = new ImportPipeline(grain, Tenant, commitRows: 64, truncate: false, importId: null, skip: 0, CancellationToken.None);
        for (var i = 0; i < 40; i++)
            await pipeline.AddAsync(new Api.Example { Text = $"text {i}", Label = i % 2 == 0 ? "a" : "b" }, i + 1);
        var result = await pipeline.CompleteAsync();

        Assert.Equal(40, result.Accepted);
        Assert.Equal(Enumerable.Range(0, 40).Select(i => $"text {i}"), fake.Committed.Select(e => e.Text));
        Assert.Equal(Enumerable.Range(0, 40).Select(i => (float)i), fake.CommittedValues);
        Assert.Contains(fake.FeaturizeSizes, n => n == 16); // the first try carries the whole piece
        Assert.Contains(fake.FeaturizeSizes, n => n is > 0 and <= 3); // and the halves end up fitting
    }

    [Fact]
    public async Task One_text_that_cannot_fit_fails_as_deadline_exceeded_after_the_rows_before_it_are_stored()
    {
        var grain = SlowTenantGrain.Create(fitsTexts: 1, out var fake, timesOut: "text 5");
        var pipeline = new ImportPipeline(grain, Tenant with { TextsPerGrainCall = 2 }, commitRows: 4, truncate: false, importId: null, skip: 0,
            CancellationToken.None);
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            for (var i = 0; i < 8; i++)
                await pipeline.AddAsync(new Api.Example { Text = $"text {i}", Label = "a" }, i + 1);
            await pipeline.CompleteAsync();
        });

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.Contains("4 rows are committed", error.Status.Detail);
        Assert.Equal(Enumerable.Range(0, 4).Select(i => $"text {i}"), fake.Committed.Select(e => e.Text));
    }

    /// <summary>A tenant grain whose Featurize times out above <c>fitsTexts</c> texts (or always for one named text).</summary>
    public class SlowTenantGrain : DispatchProxy
    {
        private int _fits;
        private string? _timesOut;
        public List<int> FeaturizeSizes { get; } = [];
        public List<LabeledExample> Committed { get; } = [];
        public List<float> CommittedValues { get; } = [];

        public static ITenantGrain Create(int fitsTexts, out SlowTenantGrain fake, string? timesOut = null)
        {
            var proxy = Create<ITenantGrain, SlowTenantGrain>();
            fake = (SlowTenantGrain)(object)proxy;
            fake._fits = fitsTexts;
            fake._timesOut = timesOut;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? method, object?[]? args)
        {
            switch (method?.Name)
            {
                case nameof(ITenantGrain.Featurize):
                    var examples = (LabeledExample[])args![0]!;
                    lock (FeaturizeSizes) FeaturizeSizes.Add(examples.Length);
                    if (examples.Length > _fits || examples.Any(e => e.Text == _timesOut))
                        return Task.FromException<FusedBatch>(new TimeoutException("Response did not arrive on time in 00:00:30."));
                    return Task.FromResult(Vectors(examples));
                case nameof(ITenantGrain.CommitExamples):
                    var commit = (ExampleCommit)args![0]!;
                    Committed.AddRange(commit.Examples);
                    for (var r = 0; r < commit.Vectors.Count; r++) CommittedValues.Add(commit.Vectors.Row(r)[0]);
                    return Task.FromResult(new AddExamplesResult(commit.Examples.Length, Committed.Count, 0, commit.Examples.Length));
                default:
                    throw new NotSupportedException(method?.Name);
            }
        }

        /// <summary>One value per text: its number, so the test sees every vector stays with its row.</summary>
        private static FusedBatch Vectors(LabeledExample[] examples)
        {
            var data = new byte[examples.Length * 4];
            for (var i = 0; i < examples.Length; i++)
                BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(i * 4),
                    float.Parse(examples[i].Text["text ".Length..], CultureInfo.InvariantCulture));
            return new FusedBatch(examples.Length, 1, data, new bool[examples.Length]);
        }
    }
}
