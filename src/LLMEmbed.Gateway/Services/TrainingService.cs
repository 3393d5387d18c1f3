using Grpc.Core;
using LLMEmbed.Gateway.Security;
using LLMEmbed.Gateway.Telemetry;
using LLMEmbed.Grains.Abstractions.Tenants;
using LLMEmbed.Protos.V1;

namespace LLMEmbed.Gateway.Services;

/// <summary>Training: jobs run inside the tenant grain; here they are started and read, per task (empty = the default one).</summary>
public sealed class TrainingService(IGrainFactory grains, TrainingJobObserver observer) : Training.TrainingBase
{
    public override async Task<TrainResponse> Train(TrainRequest request, ServerCallContext context)
    {
        var training = new TrainingRequest(request.Mode.FromProto(), request.Head.FromProto(), request.Force, request.Task.TaskOrNull());
        return new TrainResponse { JobId = await Tenant(context).StartTraining(training) };
    }

    public override async Task<Job> GetJob(GetJobRequest request, ServerCallContext context)
    {
        if (string.IsNullOrWhiteSpace(request.JobId))
            throw new Grains.Abstractions.Errors.InvalidRequestException("job_id is required.", "job_id");
        var job = await Tenant(context).GetJob(request.JobId);
        if (job.Finished is { } finished)
            observer.Finished(context.TenantCaller().Tenant!, job.JobId, job.State == LLMEmbed.Grains.Abstractions.Tenants.JobState.Succeeded, finished - job.Started);
        return job.ToProto();
    }

    public override async Task<Job> CancelJob(CancelJobRequest request, ServerCallContext context)
    {
        if (string.IsNullOrWhiteSpace(request.JobId))
            throw new Grains.Abstractions.Errors.InvalidRequestException("job_id is required.", "job_id");
        return (await Tenant(context).CancelJob(request.JobId)).ToProto();
    }

    public override async Task<ListHeadsResponse> ListHeads(ListHeadsRequest request, ServerCallContext context)
    {
        var heads = await Tenant(context).ListHeads(request.Task.TaskOrNull());
        return new ListHeadsResponse
        {
            Heads = { heads.Select(h => h.ToProto()) },
            ActiveVersion = heads.FirstOrDefault(h => h.Active)?.Version ?? 0,
        };
    }

    public override async Task<HeadVersion> Promote(PromoteRequest request, ServerCallContext context)
    {
        if (request.Version <= 0) throw new Grains.Abstractions.Errors.InvalidRequestException("version must be positive.", "version");
        return (await Tenant(context).Promote(request.Version, request.Task.TaskOrNull())).ToProto();
    }

    public override async Task<HeadVersion> Rollback(RollbackRequest request, ServerCallContext context)
    {
        if (request.Version < 0) throw new Grains.Abstractions.Errors.InvalidRequestException("version must not be negative.", "version");
        return (await Tenant(context).Rollback(request.Version, request.Task.TaskOrNull())).ToProto();
    }

    private ITenantTrainingGrain Tenant(ServerCallContext context) => grains.GetGrain<ITenantTrainingGrain>(context.TenantCaller().Tenant!);
}
