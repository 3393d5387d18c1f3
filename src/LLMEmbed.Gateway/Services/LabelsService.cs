using Grpc.Core;
using LLMEmbed.Gateway.Security;
using LLMEmbed.Grains.Abstractions.Tenants;
using LLMEmbed.Protos.V1;

namespace LLMEmbed.Gateway.Services;

/// <summary>
/// Labels: the label set of one of the tenant's tasks (empty task = the default one). Duplicate, unknown and over-limit
/// labels, and unknown tasks, are judged by the tenant grain.
/// </summary>
public sealed class LabelsService(IGrainFactory grains) : Labels.LabelsBase
{
    public override async Task<LabelsResponse> SetLabels(SetLabelsRequest request, ServerCallContext context) =>
        (await Tenant(context).SetLabels(request.Labels.ToArray(), request.Task.TaskOrNull())).ToProto();

    public override async Task<LabelsResponse> AddLabel(AddLabelRequest request, ServerCallContext context) =>
        (await Tenant(context).AddLabel(request.Label, request.Task.TaskOrNull())).ToProto();

    public override async Task<LabelsResponse> RenameLabel(RenameLabelRequest request, ServerCallContext context) =>
        (await Tenant(context).RenameLabel(request.Label, request.NewName, request.Task.TaskOrNull())).ToProto();

    public override async Task<LabelsResponse> RetireLabel(RetireLabelRequest request, ServerCallContext context) =>
        (await Tenant(context).RetireLabel(request.Label, request.Task.TaskOrNull())).ToProto();

    public override async Task<LabelsResponse> DescribeLabel(DescribeLabelRequest request, ServerCallContext context) =>
        (await Tenant(context).DescribeLabel(request.Label, request.Description, context.CancellationToken)).ToProto();

    public override async Task<LabelsResponse> ListLabels(ListLabelsRequest request, ServerCallContext context) =>
        (await Tenant(context).ListLabels(request.IncludeRetired, request.Task.TaskOrNull())).ToProto();

    private ITenantLabelsGrain Tenant(ServerCallContext context) => grains.GetGrain<ITenantLabelsGrain>(context.TenantCaller().Tenant!);
}
