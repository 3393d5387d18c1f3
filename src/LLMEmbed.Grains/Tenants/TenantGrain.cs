using System.Security.Cryptography;
using System.Text;
using LLMEmbed.Core.Features;
using LLMEmbed.Core.Heads;
using LLMEmbed.Grains.Abstractions;
using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Fusion;
using LLMEmbed.Grains.Abstractions.Tenants;
using LLMEmbed.Grains.Fusion;
using LLMEmbed.Grains.Storage;
using LLMEmbed.Grains.Validation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Storage;

using LimitExceededException = LLMEmbed.Grains.Abstractions.Errors.LimitExceededException;

namespace LLMEmbed.Grains.Tenants;

/// <summary>
/// One tenant: settings, labels, examples (segmented records) and head versions, kept through the
/// silo's grain storage. Orchestration only: features come from the fusion grain, training from
/// Core's HeadTrainer on a background task. Every change is validated in full, written, and only
/// then applied in memory, so a refused or failed call leaves the tenant as it was.
/// </summary>
public sealed partial class TenantGrain : Grain, ITenantGrain, ITenantTrainingCallback
{
    private readonly TenantOptions _options;
    private readonly ILogger<TenantGrain> _logger;
    private readonly FusionService _fusion;
    private TenantStore _store = null!;
    private TenantState _state = new();
    private ActiveHead? _active;
    private SegmentTail? _tail;

    public TenantGrain(IOptions<TenantOptions> options, FusionService fusion, ILogger<TenantGrain> logger)
    {
        _options = options.Value;
        _fusion = fusion;
        _logger = logger;
    }

    private string Tenant => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var storage = ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Default);
        _store = new TenantStore(storage, this.GetGrainId());
        _state = await _store.ReadStateAsync();
        if (!_state.Exists) return;
        await FailInterruptedJobs();
        if (_state.ActiveVersion > 0) _active = await LoadHead(_state.ActiveVersion);
    }

    public async Task<TenantInfo> Create(TenantSettings settings)
    {
        if (_state.Exists) throw new AlreadyExistsException($"Tenant '{Tenant}' already exists.");
        CheckSettings(settings);
        var next = new TenantState { Exists = true, Settings = settings, Created = DateTimeOffset.UtcNow };
        await Commit(next);
        await GrainFactory.GetGrain<ITenantDirectoryGrain>(0).Add(Tenant);
        return Info(next);
    }

    public Task<TenantInfo> Describe() => Task.FromResult(Info(Existing()));

    public async Task Delete()
    {
        var state = Existing();
        await _store.DeleteAllAsync(state);
        _state = new TenantState();
        _active = null;
        _tail = null;
        await GrainFactory.GetGrain<ITenantDirectoryGrain>(0).Remove(Tenant);
    }

    public async Task RotateKey(byte[] keyHash)
    {
        var state = Existing();
        CheckKeyHash(keyHash);
        await Commit(state with { Settings = state.RequiredSettings with { KeyHash = keyHash.ToArray() } });
    }

    public Task<bool> Authorize(byte[] keyHash)
    {
        var state = _state;
        if (!state.Exists || keyHash is null) return Task.FromResult(false);
        return Task.FromResult(CryptographicOperations.FixedTimeEquals(state.RequiredSettings.KeyHash, keyHash));
    }

    public Task<LabelInfo[]> SetLabels(string[] labels) =>
        ChangeLabels(s => LabelRules.Set(s.Labels, labels, s.RequiredSettings.Limits, _options.MaxLabelLength));

    public Task<LabelInfo[]> AddLabel(string label) =>
        ChangeLabels(s => LabelRules.Add(s.Labels, label, s.RequiredSettings.Limits, _options.MaxLabelLength));

    public Task<LabelInfo[]> RenameLabel(string label, string newName) =>
        ChangeLabels(s => LabelRules.Rename(s.Labels, label, newName, _options.MaxLabelLength));

    public Task<LabelInfo[]> RetireLabel(string label) => ChangeLabels(s => LabelRules.Retire(s.Labels, label));

    public Task<LabelInfo[]> ListLabels(bool includeRetired) => Task.FromResult(LabelRules.Describe(Existing().Labels, includeRetired));

    public async Task<AddExamplesResult> AddExamples(LabeledExample[] examples, bool truncate)
    {
        var state = Existing();
        var settings = state.RequiredSettings;
        if (examples is null || examples.Length == 0) throw new InvalidRequestException("examples: at least one example is required.", "examples");
        var texts = new string[examples.Length];
        var labels = new int[examples.Length];
        for (var i = 0; i < examples.Length; i++)
        {
            if (examples[i] is null) throw new InvalidRequestException($"examples[{i}] is null.", $"examples[{i}]");
            texts[i] = examples[i].Text;
            labels[i] = LabelRules.ActiveIndex(state.Labels, examples[i].Label, $"examples[{i}].label");
        }
        TextRules.Check(texts, Math.Min(settings.Limits.TextsPerCall, ClusterLimits.MaxTextsPerCall), allowBlank: false, "examples");
        if (state.Examples + examples.Length > settings.Limits.MaxExamples)
            throw new LimitExceededException(
                $"Adding {examples.Length} examples to {state.Examples} would exceed the tenant's limit of {settings.Limits.MaxExamples} (MaxExamples).",
                nameof(TenantLimits.MaxExamples));

        var fused = await FuseAsync(texts, truncate, CancellationToken.None);
        if (state.Dimension != 0 && fused.Dim != state.Dimension)
            throw new InvalidOperationException($"Tenant '{Tenant}' stores {state.Dimension}-value features but recipe '{settings.Recipe}' now gives {fused.Dim}.");
        var hashes = texts.SelectMany(t => SHA256.HashData(Encoding.UTF8.GetBytes(t))).ToArray();
        var next = await AppendRows(state, fused.ToBatch(), labels, hashes, settings.KeepTexts ? texts : null);
        return new AddExamplesResult(examples.Length, next.Examples, fused.Truncated.Count(t => t));
    }

    public Task<ExampleCounts> CountExamples()
    {
        var state = Existing();
        var perLabel = state.Labels.Where(l => !l.Retired).ToDictionary(l => l.Name, l => l.Examples, StringComparer.Ordinal);
        return Task.FromResult(new ExampleCounts(state.Examples, perLabel));
    }

    public async Task<ClassifyResult[]> Classify(string[] texts, int topK, bool truncate)
    {
        var state = Existing();
        var active = _active ?? throw new PreconditionFailedException($"Tenant '{Tenant}' has no active head; train first.");
        if (topK < 0) throw new InvalidRequestException($"topK must not be negative, got {topK}.", "topK");
        TextRules.Check(texts, Math.Min(state.RequiredSettings.Limits.TextsPerCall, ClusterLimits.MaxTextsPerCall), allowBlank: false);
        var fused = await FuseAsync(texts, truncate, CancellationToken.None);
        var labels = _state.Labels;
        var probabilities = active.Head.PredictProbabilities(fused.Values, fused.Count);
        var classes = active.Head.ClassCount;
        var results = new ClassifyResult[fused.Count];
        for (var r = 0; r < results.Length; r++)
        {
            // Labels retired since this head was trained are never answered.
            var ranked = Enumerable.Range(0, classes)
                .Select(c => (Label: labels[TenantTrainer.LabelIndex(active.Head.Labels[c])], P: probabilities[r * classes + c]))
                .Where(x => !x.Label.Retired)
                .OrderByDescending(x => x.P)
                .ToArray();
            if (ranked.Length == 0) throw new PreconditionFailedException($"Every label of head version {active.Version} is retired; train again.");
            var top = ranked.Take(topK == 0 ? 1 : topK).Select(x => new LabelProbability(x.Label.Name, x.P)).ToArray();
            results[r] = new ClassifyResult(ranked[0].Label.Name, top, active.Version, fused.Truncated[r]);
        }
        return results;
    }

    public async Task<byte[][]> Embed(string[] texts, bool truncate)
    {
        var state = Existing();
        TextRules.Check(texts, Math.Min(state.RequiredSettings.Limits.TextsPerCall, ClusterLimits.MaxTextsPerCall), allowBlank: false);
        var fused = await FuseAsync(texts, truncate, CancellationToken.None);
        return Enumerable.Range(0, fused.Count).Select(r => System.Runtime.InteropServices.MemoryMarshal.AsBytes(fused.Row(r)).ToArray()).ToArray();
    }

    private TenantState Existing()
    {
        var state = _state;
        return state.Exists ? state : throw new NotFoundException($"Tenant '{Tenant}' does not exist.");
    }

    /// <summary>Writes the new state, then makes it the grain's; a failed write changes nothing.</summary>
    private async Task Commit(TenantState next)
    {
        await _store.WriteStateAsync(next);
        _state = next;
    }

    private async Task<LabelInfo[]> ChangeLabels(Func<TenantState, LabelRecord[]> change)
    {
        var state = Existing();
        var next = state with { Labels = change(state) };
        await Commit(next);
        return LabelRules.Describe(next.Labels, includeRetired: false);
    }

    /// <summary>
    /// Rows go into the tail segment (a new one when it is full), each touched segment is written,
    /// then the state with the new counts. Until that last write lands the rows are not acknowledged:
    /// a crash in between leaves extra segment rows that loading ignores.
    /// </summary>
    private async Task<TenantState> AppendRows(TenantState state, FusedBatch fused, int[] labels, byte[] hashes, string[]? texts)
    {
        var counts = state.SegmentCounts.ToList();
        var written = new List<SegmentTail>();
        var tail = await Tail(state);
        for (var start = 0; start < labels.Length;)
        {
            if (tail.Segment.Count >= _options.SegmentCapacity)
            {
                var (empty, etag) = await _store.ReadSegmentAsync(tail.Index + 1, 0);
                tail = new SegmentTail(tail.Index + 1, empty, etag);
            }
            var take = Math.Min(labels.Length - start, _options.SegmentCapacity - tail.Segment.Count);
            var rowBytes = fused.RowBytes;
            var content = tail.Segment.Append(fused.Dim, fused.Data.AsSpan(start * rowBytes, take * rowBytes), labels[start..(start + take)],
                hashes.AsSpan(start * TenantSegment.HashLength, take * TenantSegment.HashLength), texts?[start..(start + take)]);
            var newETag = await _store.WriteSegmentAsync(tail.Index, content, tail.ETag);
            // The stored copy changed even if the state write below fails; the acknowledged content did not.
            _tail = tail with { ETag = newETag };
            tail = new SegmentTail(tail.Index, content, newETag);
            written.Add(tail);
            if (tail.Index < counts.Count) counts[tail.Index] = content.Count; else counts.Add(content.Count);
            start += take;
        }

        var perLabel = labels.GroupBy(l => l).ToDictionary(g => g.Key, g => (long)g.Count());
        var next = state with
        {
            Examples = state.Examples + labels.Length,
            SegmentCounts = counts.ToArray(),
            Dimension = fused.Dim,
            Labels = state.Labels.Select((l, i) => perLabel.TryGetValue(i, out var n) ? l with { Examples = l.Examples + n } : l).ToArray(),
        };
        await Commit(next);
        _tail = written[^1];
        return next;
    }

    /// <summary>The last segment as acknowledged (read once per activation, then kept in memory).</summary>
    private async Task<SegmentTail> Tail(TenantState state)
    {
        if (_tail is { } known && known.Index == Math.Max(0, state.SegmentCounts.Length - 1))
        {
            var acknowledged = state.SegmentCounts.Length == 0 ? 0 : state.SegmentCounts[^1];
            if (known.Segment.Count == acknowledged) return known;
            return known with { Segment = known.Segment.Take(acknowledged) };
        }
        var index = Math.Max(0, state.SegmentCounts.Length - 1);
        var count = state.SegmentCounts.Length == 0 ? 0 : state.SegmentCounts[^1];
        var (segment, etag) = await _store.ReadSegmentAsync(index, count);
        return _tail = new SegmentTail(index, segment, etag);
    }

    private void CheckSettings(TenantSettings settings)
    {
        if (settings is null) throw new InvalidRequestException("settings are required.", "settings");
        try
        {
            RecipeCatalog.Create(settings.Recipe);
        }
        catch (ArgumentException e)
        {
            throw new InvalidRequestException($"settings.recipe: {e.Message}", "settings.recipe");
        }
        var limits = settings.Limits ?? throw new InvalidRequestException("settings.limits are required.", "settings.limits");
        if (limits.RequestsPerSecond < 1) throw new InvalidRequestException("settings.limits.requestsPerSecond must be at least 1.", "settings.limits.requestsPerSecond");
        if (limits.TextsPerCall < 1) throw new InvalidRequestException("settings.limits.textsPerCall must be at least 1.", "settings.limits.textsPerCall");
        if (limits.MaxExamples < 1) throw new InvalidRequestException("settings.limits.maxExamples must be at least 1.", "settings.limits.maxExamples");
        if (limits.MaxLabels < 2) throw new InvalidRequestException("settings.limits.maxLabels must be at least 2.", "settings.limits.maxLabels");
        CheckKeyHash(settings.KeyHash);
    }

    private static void CheckKeyHash(byte[]? keyHash)
    {
        if (keyHash is null || keyHash.Length < 16)
            throw new InvalidRequestException("keyHash must hold at least 16 bytes (a SHA-256 of the key is 32).", "keyHash");
    }

    private TenantInfo Info(TenantState state)
    {
        var settings = state.RequiredSettings;
        return new TenantInfo(Tenant, settings.Recipe, state.Labels.Count(l => !l.Retired), state.Examples, state.ActiveVersion,
            state.Created, settings.Limits, settings.KeepTexts);
    }

    /// <summary>The one way this grain gets features: this silo's fusion service, in-process.</summary>
    private Task<FusedVectors> FuseAsync(string[] texts, bool truncate, CancellationToken cancellationToken) =>
        _fusion.FuseAsync(_state.RequiredSettings.Recipe, texts, truncate, cancellationToken);

    /// <summary>The in-memory active head; replaced as one reference, so a reader sees the old or the new version whole.</summary>
    private sealed record ActiveHead(int Version, Head Head);

    /// <summary>The last segment: its index, its acknowledged rows and the stored record's ETag.</summary>
    private sealed record SegmentTail(int Index, TenantSegment Segment, string? ETag);
}
