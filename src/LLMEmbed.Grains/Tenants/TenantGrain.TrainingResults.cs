using LLMEmbed.Core.Heads;
using LLMEmbed.Core.Heads.MultiLabel;
using LLMEmbed.Grains.Abstractions.Tenants;
using LLMEmbed.Grains.Backbones;
using Microsoft.Extensions.Logging;

namespace LLMEmbed.Grains.Tenants;

// Training results: a finished run's head is written and (by the promote rule) made active; failures and lost runs recorded.
public sealed partial class TenantGrain
{
    public async Task TrainingSucceeded(string jobId, TrainingOutcome outcome)
    {
        EndRun(jobId);
        var state = _state;
        var job = state.Exists ? state.Jobs.FirstOrDefault(j => j.JobId == jobId && !j.State.IsFinished()) : null;
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
        EndRun(jobId);
        var state = _state;
        var job = state.Exists ? state.Jobs.FirstOrDefault(j => j.JobId == jobId && !j.State.IsFinished()) : null;
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
