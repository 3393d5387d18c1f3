using System.Security.Cryptography;
using System.Text;
using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Fusion;
using LLMEmbed.Grains.Abstractions.Tenants;

using LimitExceededException = LLMEmbed.Grains.Abstractions.Errors.LimitExceededException;

namespace LLMEmbed.Grains.Tenants;

// Examples: featurize (interleaved, no state change) and commit (ordered, one write) are separate
// calls so an import can keep the backbones busy with the next pieces while one is written.
public sealed partial class TenantGrain
{
    public async Task<AddExamplesResult> AddExamples(LabeledExample[] examples, bool truncate, CancellationToken cancellationToken = default)
    {
        var vectors = await Featurize(examples, truncate, cancellationToken);
        return await CommitExamples(new ExampleCommit(examples, vectors));
    }

    public async Task<FusedBatch> Featurize(LabeledExample[] examples, bool truncate, CancellationToken cancellationToken = default)
    {
        var state = Existing();
        CheckWork(state, examples.Length);
        // Labels first: a bad row costs no model time.
        for (var i = 0; i < examples.Length; i++) LabelRules.ActiveIndex(state.Labels, examples[i].Label, $"examples[{i}].label");
        // Packed to bytes here because the vectors leave the silo (to the gateway that commits them in order).
        return (await FuseAsync(examples.Select(e => e.Text).ToArray(), truncate, cancellationToken)).ToBatch();
    }

    public async Task<AddExamplesResult> CommitExamples(ExampleCommit commit)
    {
        var state = Existing();
        var (examples, fused) = (commit.Examples, commit.Vectors);
        if (examples.Length == 0) throw new InvalidRequestException("examples: at least one example is required.", "examples");
        fused.Validate();
        if (fused.Count != examples.Length)
            throw new InvalidRequestException($"vectors: {fused.Count} vectors for {examples.Length} examples.", "vectors");
        if (state.Dimension != 0 && fused.Dim != state.Dimension)
            throw new InvalidOperationException($"Tenant '{Tenant}' stores {state.Dimension}-value features but recipe '{state.RequiredSettings.Recipe}' now gives {fused.Dim}.");
        var labels = examples.Select((e, i) => LabelRules.ActiveIndex(state.Labels, e.Label, $"examples[{i}].label")).ToArray();
        var limit = state.RequiredSettings.Limits.MaxExamples;
        if (state.Examples + examples.Length > limit)
            throw new LimitExceededException(
                $"Adding {examples.Length} examples to {state.Examples} would exceed the tenant's limit of {limit} (MaxExamples).", nameof(TenantLimits.MaxExamples));
        var imports = commit.ImportId is { } id ? ImportLedger.Advance(state.Imports, id, commit.FirstRow, examples.Length) : state.Imports;

        var texts = examples.Select(e => e.Text).ToArray();
        var hashes = texts.SelectMany(t => SHA256.HashData(Encoding.UTF8.GetBytes(t))).ToArray();
        var next = await _appender.AppendAsync(state, fused, labels, hashes, state.RequiredSettings.KeepTexts ? texts : null);
        var windows = Enumerable.Range(0, fused.Count).Sum(r => (long)fused.WindowsOf(r));
        await Commit(next with { Imports = imports, ExampleWindows = Math.Max(state.ExampleWindows, state.Examples) + windows });
        _appender.Acknowledged();
        return new AddExamplesResult(examples.Length, next.Examples, fused.Truncated.Count(t => t), windows);
    }

    public Task<ImportProgress> GetImport(string importId)
    {
        if (string.IsNullOrWhiteSpace(importId)) throw new InvalidRequestException("importId is required.", "importId");
        return Task.FromResult(new ImportProgress(importId, ImportLedger.Committed(Existing().Imports, importId)));
    }

    public Task<ExampleCounts> CountExamples()
    {
        var state = Existing();
        var perLabel = state.Labels.Where(l => !l.Retired).ToDictionary(l => l.Name, l => l.Examples, StringComparer.Ordinal);
        return Task.FromResult(new ExampleCounts(state.Examples, perLabel));
    }
}
