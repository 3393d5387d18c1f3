using System.Security.Cryptography;
using LLMEmbed.Core.Backbones;
using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Tenants;
using LLMEmbed.Grains.Storage;
using LLMEmbed.Grains.Training;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace LLMEmbed.Grains.Tenants;

/// <summary>
/// One tenant: settings, labels, examples (segmented records) and head versions, kept through the
/// silo's grain storage. Orchestration only: features come from the fusion path (<see cref="FuseAsync"/>),
/// rules from plain classes (<see cref="LabelRules"/>, <see cref="SettingsRules"/>, <see cref="LabelRanking"/>,
/// <see cref="PromotionRule"/>, <see cref="ImportLedger"/>), training from <see cref="TenantTrainer"/>.
/// Every change is validated in full, written, and only then applied in memory, so a refused or
/// failed call leaves the tenant as it was.
/// </summary>
public sealed partial class TenantGrain : Grain, ITenantGrain, ITenantTrainingCallback
{
    private readonly TenantOptions _options;
    private readonly ILogger<TenantGrain> _logger;
    private readonly TenantWorkBound _bound;
    private readonly IBackboneFactory _backbones;
    private readonly TrainingSlots _slots;
    private readonly TrainingOptions _training;
    private TenantStore _store = null!;
    private ExampleAppender _appender = null!;
    private TenantState _state = new();
    private ActiveHead? _active;

    public TenantGrain(IOptions<TenantOptions> options, IOptions<TrainingOptions> training, TrainingSlots slots, IBackboneFactory backbones,
        ILogger<TenantGrain> logger)
    {
        _options = options.Value;
        _training = training.Value;
        _slots = slots;
        _backbones = backbones;
        _bound = new TenantWorkBound(_options, id => backbones.Manifest(id).MaxTokens, id => backbones.Manifest(id).HiddenSize);
        _logger = logger;
        _predictions = new PredictionRetention(_options.FeedbackRetainedPredictions, _options.FeedbackRetention, TimeProvider.System);
    }

    private string Tenant => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var storage = ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Default);
        _store = new TenantStore(new OutageMappingStorage(storage), this.GetGrainId(), _options.SegmentCapacity);
        _appender = new ExampleAppender(_store, _options.SegmentCapacity);
        _state = await _store.ReadStateAsync();
        if (!_state.Exists) return;
        await FailInterruptedJobs();
        if (_state.ActiveVersion > 0) _active = await LoadHead(_state.ActiveVersion);
        await LoadTaskHeads();
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        StopRuns();
        return Task.CompletedTask;
    }

    public Task<TenantInfo> Describe() => Task.FromResult(Info(Existing()));

    public async Task RotateKey(byte[] keyHash)
    {
        var state = Existing();
        SettingsRules.CheckKeyHash(keyHash);
        await Commit(state with { Settings = state.RequiredSettings with { KeyHash = keyHash.ToArray() } });
    }

    public Task<bool> Authorize(byte[] keyHash)
    {
        var state = _state;
        if (!state.Exists || keyHash is null) return Task.FromResult(false);
        return Task.FromResult(CryptographicOperations.FixedTimeEquals(state.RequiredSettings.KeyHash, keyHash));
    }

    public Task<LabelInfo[]> SetLabels(string[] labels, string? task = null) =>
        ChangeLabels(task, t => LabelRules.Set(t.Labels, labels, Existing().RequiredSettings.Limits, _options.MaxLabelLength));

    public Task<LabelInfo[]> AddLabel(string label, string? task = null) =>
        ChangeLabels(task, t => LabelRules.Add(t.Labels, label, Existing().RequiredSettings.Limits, _options.MaxLabelLength));

    public Task<LabelInfo[]> RenameLabel(string label, string newName, string? task = null) =>
        ChangeLabels(task, t => LabelRules.Rename(t.Labels, label, newName, _options.MaxLabelLength));

    public Task<LabelInfo[]> RetireLabel(string label, string? task = null) => ChangeLabels(task, t => LabelRules.Retire(t.Labels, label));

    public Task<LabelInfo[]> ListLabels(bool includeRetired, string? task = null) =>
        Task.FromResult(LabelRules.Describe(TenantTasks.Get(Existing(), task).Labels, includeRetired));

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

    private async Task<LabelInfo[]> ChangeLabels(string? task, Func<TaskRecord, LabelInfo[]> change)
    {
        var state = Existing();
        var record = TenantTasks.Get(state, task);
        var labels = change(record);
        await Commit(TenantTasks.Put(state, record with { Labels = labels }));
        return LabelRules.Describe(labels, includeRetired: false);
    }

    /// <summary>
    /// The in-memory active head; replaced as one reference, so a reader sees the old or the new version whole.
    /// Its classes' tenant labels are worked out once here, not on every classify.
    /// </summary>
    private sealed record ActiveHead(int Version, Core.Heads.Head Head, Core.Scope.HeadGuard? Guard)
    {
        public int[] ClassLabels { get; } = Backbones.ContractMapping.ClassLabels(Head);

        private (LabelInfo[] Labels, string[] Missing)? _notInHead;

        /// <summary>
        /// Active labels this head has no class for, worked out once per labels array (a label change
        /// replaces the array), not per text; a racing recompute gives the same answer.
        /// </summary>
        public string[] LabelsNotInHead(LabelInfo[] labels)
        {
            if (_notInHead is { } known && ReferenceEquals(known.Labels, labels)) return known.Missing;
            var missing = labels.Where((l, i) => !l.Retired && Array.IndexOf(ClassLabels, i) < 0).Select(l => l.Name).ToArray();
            _notInHead = (labels, missing);
            return missing;
        }
    }
}
