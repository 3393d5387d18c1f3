using System.Collections.Concurrent;
using System.Globalization;
using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Tenants;
using LLMEmbed.Grains.Training;
using Microsoft.Extensions.Logging;

namespace LLMEmbed.Grains.Tenants;

// Training jobs: one run per tenant at a time, for the task the request names, admitted by the silo's TrainingSlots.
public sealed partial class TenantGrain
{
    internal const string InterruptedMessage = "interrupted: the silo hosting the tenant stopped";
    internal const string CancelledMessage = "cancelled";

    // Runs started by this activation: the slot ticket, the token CancelJob and deactivation cancel, and the progress.
    private readonly ConcurrentDictionary<string, TrainingRun> _runs = new(StringComparer.Ordinal);

    public async Task<string> StartTraining(TrainingRequest request)
    {
        var state = Existing();
        var task = TenantTasks.Get(state, request?.Task);
        TrainingRules.CheckCanStart(state, task, request, _options.MinExamplesPerLabel);
        TrainingRules.CheckFits(task, state.Dimension, _training.MaxFeatureBytes);

        // A place at the silo's slots before anything is written: a full queue refuses the job without a trace.
        var ticket = _slots.Enter();
        var job = new TrainingJobInfo(Guid.NewGuid().ToString("N"), JobState.Queued, 0, "queued", request!.Mode, 0, false, null, DateTimeOffset.UtcNow, null,
            task.Name);
        try
        {
            // Recorded before any work, so a silo that dies mid-run leaves a trace that reactivation turns into Failed.
            await Commit(state with { Jobs = TrainingJobs.Add(state.Jobs, job, _options.JobHistory) });
        }
        catch
        {
            ticket.Dispose();
            throw;
        }
        var run = new TrainingRun(ticket);
        _runs[job.JobId] = run;
        var input = TrainingInputFor(state, task, request);
        var activeMulti = task.IsDefault ? null : _taskHeads.GetValueOrDefault(task.Key)?.Multi?.Head;
        var multiLabel = task.Kind == TaskKind.MultiLabel;
        var self = this.AsReference<ITenantTrainingCallback>();
        var store = _store;
        var jobId = job.JobId;
        // Keep the activation (and so the in-memory progress) alive while the run waits and lasts.
        DelayDeactivation(TimeSpan.FromHours(1));
        _ = Task.Run(async () =>
        {
            using var _ = ticket;
            try
            {
                await ticket.WaitAsync(run.Cancel.Token);
                Action<double> report = p => run.Progress = p;
                var outcome = multiLabel
                    ? await MultiLabelTaskTrainer.RunAsync(input, store, activeMulti, report, run.Cancel.Token)
                    : await TenantTrainer.RunAsync(input, store, report, run.Cancel.Token);
                await self.TrainingSucceeded(jobId, outcome);
            }
            catch (OperationCanceledException) when (run.Cancel.IsCancellationRequested)
            {
                // CancelJob recorded the end; a deactivation leaves the job for reactivation to mark interrupted.
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
        if (!job.State.IsFinished() && _runs.TryGetValue(job.JobId, out var run)) job = Live(job, run);
        return Task.FromResult(job);
    }

    public async Task<TrainingJobInfo> CancelJob(string jobId)
    {
        var state = Existing();
        var job = state.Jobs.FirstOrDefault(j => j.JobId == jobId)
            ?? throw new NotFoundException($"Tenant '{Tenant}' has no training job '{jobId}'.");
        if (job.State.IsFinished())
            throw new PreconditionFailedException($"Training job {jobId} already ended ({job.State.ToString().ToLowerInvariant()}); nothing to cancel.");
        var cancelled = job with { State = JobState.Cancelled, Message = CancelledMessage, Finished = DateTimeOffset.UtcNow };
        // Written first: a result that arrives after this finds the job ended and is dropped.
        await Commit(state with { Jobs = TrainingJobs.Replace(state.Jobs, cancelled) });
        EndRun(jobId)?.Stop();
        return cancelled;
    }

    /// <summary>A waiting or running job as this activation sees it: its place in the silo's queue, or its progress.</summary>
    private TrainingJobInfo Live(TrainingJobInfo job, TrainingRun run)
    {
        if (run.Ticket.Granted) return job with { State = JobState.Running, Progress = run.Progress, Message = "training" };
        var ahead = _slots.Ahead(run.Ticket);
        return job with { Message = string.Create(CultureInfo.InvariantCulture, $"queued: {ahead} run(s) ahead on this silo") };
    }

    private TrainingInput TrainingInputFor(TenantState state, TaskRecord task, TrainingRequest request)
    {
        var activeHead = task.IsDefault ? _active?.Head : _taskHeads.GetValueOrDefault(task.Key)?.Single?.Head;
        return new TrainingInput(request, state.SegmentCounts, task.Labels, activeHead, task.ActiveVersion, _options,
            task.Heads.FirstOrDefault(h => h.Version == task.ActiveVersion)?.TrainedThrough, state.RequiredSettings.ScopeOrDefault.TargetCoverage, task.Key,
            _training.ThreadsFor(Environment.ProcessorCount));
    }

    /// <summary>Forgets a run; with none left the activation may be collected when idle again (Tenants:IdleCollectionAge).</summary>
    private TrainingRun? EndRun(string jobId)
    {
        _runs.TryRemove(jobId, out var run);
        if (_runs.IsEmpty) DelayDeactivation(TimeSpan.FromSeconds(-1));
        return run;
    }

    /// <summary>Runs of a deactivating tenant stop and free their slots; reactivation marks their jobs interrupted.</summary>
    private void StopRuns()
    {
        foreach (var id in _runs.Keys)
            if (_runs.TryRemove(id, out var run)) run.Stop();
    }
}
