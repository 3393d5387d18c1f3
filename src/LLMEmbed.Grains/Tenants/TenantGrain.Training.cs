using System.Collections.Concurrent;
using LLMEmbed.Core.Heads;
using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Tenants;
using LLMEmbed.Grains.Backbones;
using Microsoft.Extensions.Logging;

namespace LLMEmbed.Grains.Tenants;

// Training, head versions and jobs.
public sealed partial class TenantGrain
{
    internal const string InterruptedMessage = "interrupted: the silo hosting the tenant stopped";
    private readonly ConcurrentDictionary<string, double> _progress = new(StringComparer.Ordinal);

    public async Task<string> StartTraining(TrainingRequest request)
    {
        var state = Existing();
        TrainingRules.CheckCanStart(state, request, _options.MinExamplesPerLabel);

        var job = new TrainingJobInfo(Guid.NewGuid().ToString("N"), JobState.Running, 0, "training", request.Mode, 0, false, null, DateTimeOffset.UtcNow, null);
        // Recorded as Running before any work, so a silo that dies mid-run leaves a trace that reactivation turns into Failed.
        await Commit(state with { Jobs = TrainingJobs.Add(state.Jobs, job, _options.JobHistory) });
        _progress[job.JobId] = 0;

        var input = new TrainingInput(request, state.SegmentCounts, state.Labels, _active?.Head, _active?.Version ?? 0, _options,
            state.Heads.FirstOrDefault(h => h.Version == state.ActiveVersion)?.TrainedThrough, state.RequiredSettings.ScopeOrDefault.TargetCoverage);
        var self = this.AsReference<ITenantTrainingCallback>();
        var store = _store;
        var jobId = job.JobId;
        // Keep the activation (and so the in-memory progress) alive while the run lasts.
        DelayDeactivation(TimeSpan.FromHours(1));
        _ = Task.Run(async () =>
        {
            try
            {
                var outcome = await TenantTrainer.RunAsync(input, store, p => _progress[jobId] = p, CancellationToken.None);
                await self.TrainingSucceeded(jobId, outcome);
            }
            catch (Exception e)
            {
                _logger.LogError(e, "Training job {Job} of tenant {Tenant} failed", jobId, self.GetPrimaryKeyString());
                try { await self.TrainingFailed(jobId, e.Message); }
                catch (Exception report) { _logger.LogError(report, "Could not record the failure of job {Job}", jobId); }
            }
        });
        return job.JobId;
    }

    public Task<TrainingJobInfo> GetJob(string jobId)
    {
        var job = Existing().Jobs.FirstOrDefault(j => j.JobId == jobId)
            ?? throw new NotFoundException($"Tenant '{Tenant}' has no training job '{jobId}'.");
        if (job.State == JobState.Running && _progress.TryGetValue(job.JobId, out var progress)) job = job with { Progress = progress };
        return Task.FromResult(job);
    }

    public Task<HeadVersionInfo[]> ListHeads()
    {
        var state = Existing();
        return Task.FromResult(state.Heads.Select(h => Describe(h, state.ActiveVersion)).ToArray());
    }

    public async Task<HeadVersionInfo> Promote(int version)
    {
        var state = Existing();
        var head = state.Heads.FirstOrDefault(h => h.Version == version)
            ?? throw new NotFoundException($"Tenant '{Tenant}' has no head version {version}.");
        if (version == state.ActiveVersion) return Describe(head, version);
        return await Activate(state, head, PreviousAfter(state));
    }

    public async Task<HeadVersionInfo> Rollback(int version)
    {
        var state = Existing();
        if (version != 0) return await Promote(version);
        if (state.PreviousActive.Length == 0)
            throw new PreconditionFailedException($"Tenant '{Tenant}' has no earlier active head to roll back to.");
        var previous = state.Heads.First(h => h.Version == state.PreviousActive[^1]);
        return await Activate(state, previous, state.PreviousActive[..^1]);
    }

    public async Task TrainingSucceeded(string jobId, TrainingOutcome outcome)
    {
        _progress.TryRemove(jobId, out _);
        var state = _state;
        var job = state.Exists ? state.Jobs.FirstOrDefault(j => j.JobId == jobId && j.State == JobState.Running) : null;
        if (job is null)
        {
            _logger.LogWarning("Tenant {Tenant}: result of job {Job} arrived after the job ended or the tenant was deleted; dropped", Tenant, jobId);
            return;
        }
        var version = state.NextHeadVersion;
        var head = outcome.Head;
        // The head's record is written before the state that references it.
        await _store.WriteHeadAsync(version, HeadSerializer.ToBytes(head), outcome.ReferenceRows);

        var record = new HeadRecord(version, head.Kind.ToContract(), outcome.Metrics, DateTimeOffset.UtcNow, outcome.Examples, job.Mode,
            outcome.TrainedThrough, head.Training.ToTuning(), outcome.Calibration, outcome.Scope);
        var (promote, reason) = PromotionRule.Decide(state, outcome);
        var done = job with
        {
            State = JobState.Succeeded, Progress = 1, HeadVersion = version, Promoted = promote, Metrics = outcome.Metrics,
            Message = reason, Finished = DateTimeOffset.UtcNow,
        };
        var next = state with { Heads = [.. state.Heads, record], Jobs = TrainingJobs.Replace(state.Jobs, done) };
        if (promote) next = next with { ActiveVersion = version, PreviousActive = PreviousAfter(state) };
        await Commit(next);
        if (promote) _active = new ActiveHead(version, head, HeadGuards.From(record, outcome.ReferenceRows));
    }

    public async Task TrainingFailed(string jobId, string message)
    {
        _progress.TryRemove(jobId, out _);
        var state = _state;
        var job = state.Exists ? state.Jobs.FirstOrDefault(j => j.JobId == jobId && j.State == JobState.Running) : null;
        if (job is null) return;
        await Commit(state with { Jobs = TrainingJobs.Replace(state.Jobs, job with { State = JobState.Failed, Message = message, Finished = DateTimeOffset.UtcNow }) });
    }

    private async Task<HeadVersionInfo> Activate(TenantState state, HeadRecord head, int[] previous)
    {
        var loaded = await LoadHead(head.Version);
        await Commit(state with { ActiveVersion = head.Version, PreviousActive = previous });
        _active = loaded;
        return Describe(head, head.Version);
    }

    private async Task<ActiveHead> LoadHead(int version)
    {
        var blob = await _store.ReadHeadAsync(version);
        return new(version, HeadSerializer.FromBytes(blob.Bytes), HeadGuards.From(_state.Heads.FirstOrDefault(h => h.Version == version), blob.ReferenceRows));
    }

    /// <summary>A job recorded as Running cannot still run after reactivation: its silo stopped mid-run.</summary>
    private async Task FailInterruptedJobs()
    {
        if (!_state.Jobs.Any(j => j.State is JobState.Running or JobState.Queued)) return;
        var jobs = _state.Jobs.Select(j => j.State is JobState.Running or JobState.Queued
            ? j with { State = JobState.Failed, Message = InterruptedMessage, Finished = DateTimeOffset.UtcNow }
            : j).ToArray();
        await Commit(_state with { Jobs = jobs });
    }

    /// <summary>The roll-back stack once the active version is replaced.</summary>
    private static int[] PreviousAfter(TenantState s) => s.ActiveVersion == 0 ? s.PreviousActive : [.. s.PreviousActive, s.ActiveVersion];

    private static HeadVersionInfo Describe(HeadRecord h, int active) =>
        new(h.Version, h.Kind, h.Version == active, h.Metrics, h.Created, h.Examples, h.Mode, h.Tuning, h.Calibration, h.Scope);
}
