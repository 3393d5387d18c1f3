using System.Collections.Concurrent;
using LLMEmbed.Core.Heads;
using LLMEmbed.Core.Heads.MultiLabel;
using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Tenants;
using LLMEmbed.Grains.Backbones;
using Microsoft.Extensions.Logging;

namespace LLMEmbed.Grains.Tenants;

// Training jobs: one run per tenant at a time, for the task the request names.
public sealed partial class TenantGrain
{
    internal const string InterruptedMessage = "interrupted: the silo hosting the tenant stopped";
    private readonly ConcurrentDictionary<string, double> _progress = new(StringComparer.Ordinal);

    public async Task<string> StartTraining(TrainingRequest request)
    {
        var state = Existing();
        var task = TenantTasks.Get(state, request?.Task);
        TrainingRules.CheckCanStart(state, task, request, _options.MinExamplesPerLabel);

        var job = new TrainingJobInfo(Guid.NewGuid().ToString("N"), JobState.Running, 0, "training", request!.Mode, 0, false, null, DateTimeOffset.UtcNow, null,
            task.Name);
        // Recorded as Running before any work, so a silo that dies mid-run leaves a trace that reactivation turns into Failed.
        await Commit(state with { Jobs = TrainingJobs.Add(state.Jobs, job, _options.JobHistory) });
        _progress[job.JobId] = 0;

        var named = task.IsDefault ? null : _taskHeads.GetValueOrDefault(task.Key);
        var activeHead = task.IsDefault ? _active?.Head : named?.Single?.Head;
        var input = new TrainingInput(request, state.SegmentCounts, task.Labels, activeHead, task.ActiveVersion, _options,
            task.Heads.FirstOrDefault(h => h.Version == task.ActiveVersion)?.TrainedThrough, state.RequiredSettings.ScopeOrDefault.TargetCoverage, task.Key);
        var activeMulti = named?.Multi?.Head;
        var multiLabel = task.Kind == TaskKind.MultiLabel;
        var self = this.AsReference<ITenantTrainingCallback>();
        var store = _store;
        var jobId = job.JobId;
        // Keep the activation (and so the in-memory progress) alive while the run lasts.
        DelayDeactivation(TimeSpan.FromHours(1));
        _ = Task.Run(async () =>
        {
            try
            {
                Action<double> report = p => _progress[jobId] = p;
                var outcome = multiLabel
                    ? await MultiLabelTaskTrainer.RunAsync(input, store, activeMulti, report, CancellationToken.None)
                    : await TenantTrainer.RunAsync(input, store, report, CancellationToken.None);
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
        if (TenantTasks.ByKey(state, outcome.Task) is not { } task)
        {
            await TrainingFailed(jobId, "the task was deleted while it trained");
            return;
        }
        var version = task.NextHeadVersion;
        var multi = outcome.MultiLabelHead is { } multiBytes ? MultiLabelHeadSerializer.FromBytes(multiBytes) : null;
        var head = outcome.Head;
        // The head's record is written before the state that references it.
        await _store.WriteHeadAsync(version, outcome.MultiLabelHead ?? HeadSerializer.ToBytes(head!), outcome.ReferenceRows, task.Key);

        var tuning = multi is not null
            ? new HeadTuning(double.NaN, 0, multi.Training.CvMicroF1, multi.Training.Selection)
            : head!.Training.ToTuning();
        var record = new HeadRecord(version, head?.Kind.ToContract() ?? HeadKindContract.LogReg, outcome.Metrics, DateTimeOffset.UtcNow, outcome.Examples, job.Mode,
            outcome.TrainedThrough, tuning, outcome.Calibration, outcome.Scope);
        var metric = task.Kind == TaskKind.MultiLabel ? _options.MultiLabelPromotionMetric : "accuracy";
        var (promote, reason) = PromotionRule.Decide(task.ActiveVersion, outcome, metric);
        var done = job with
        {
            State = JobState.Succeeded, Progress = 1, HeadVersion = version, Promoted = promote, Metrics = outcome.Metrics,
            Message = reason, Finished = DateTimeOffset.UtcNow,
        };
        var trained = task with { Heads = [.. task.Heads, record] };
        if (promote) trained = trained with { ActiveVersion = version, PreviousActive = PreviousAfter(task) };
        (trained, var dropped) = HeadRetention.Prune(trained, _options.KeptHeads);
        await Commit(TenantTasks.Put(state with { Jobs = TrainingJobs.Replace(state.Jobs, done) }, trained));
        // After the state no longer names them; a failure here leaves unreferenced records that deleting the tenant removes.
        foreach (var old in dropped) await _store.ClearHeadAsync(old, task.Key);
        if (!promote) return;
        var guard = HeadGuards.From(record, outcome.ReferenceRows);
        if (task.IsDefault) _active = new ActiveHead(version, head!, guard);
        else _taskHeads = _taskHeads.SetItem(task.Key, multi is not null
            ? new TaskHead(null, new ActiveMultiLabelHead(version, multi))
            : new TaskHead(new ActiveHead(version, head!, guard), null));
    }

    public async Task TrainingFailed(string jobId, string message)
    {
        _progress.TryRemove(jobId, out _);
        var state = _state;
        var job = state.Exists ? state.Jobs.FirstOrDefault(j => j.JobId == jobId && j.State == JobState.Running) : null;
        if (job is null) return;
        await Commit(state with { Jobs = TrainingJobs.Replace(state.Jobs, job with { State = JobState.Failed, Message = message, Finished = DateTimeOffset.UtcNow }) });
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
}
