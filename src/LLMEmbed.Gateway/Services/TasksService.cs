using Grpc.Core;
using LLMEmbed.Gateway.Security;
using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Tenants;
using LLMEmbed.Protos.V1;

namespace LLMEmbed.Gateway.Services;

/// <summary>Tasks: a tenant's named classifiers over the same rows. Names, kinds, duplicates and the cap are judged by the tenant grain.</summary>
public sealed class TasksService(IGrainFactory grains) : Tasks.TasksBase
{
    public override async Task<TaskSummary> CreateTask(CreateTaskRequest request, ServerCallContext context)
    {
        var name = Required(request.Task);
        return (await Tenant(context).CreateTask(name, request.Kind.FromProto(), request.Labels.ToArray())).ToProto();
    }

    public override async Task<ListTasksResponse> ListTasks(ListTasksRequest request, ServerCallContext context) =>
        new() { Tasks = { (await Tenant(context).ListTasks()).Select(t => t.ToProto()) } };

    public override async Task<DeleteTaskResponse> DeleteTask(DeleteTaskRequest request, ServerCallContext context)
    {
        await Tenant(context).DeleteTask(Required(request.Task));
        return new DeleteTaskResponse();
    }

    // Here an empty task is a mistake, not the default task: creating or deleting "the default" by omission would surprise.
    private static string Required(string task) =>
        string.IsNullOrWhiteSpace(task) ? throw new InvalidRequestException("task is required: name the task.", "task") : task;

    private ITenantTasksGrain Tenant(ServerCallContext context) => grains.GetGrain<ITenantTasksGrain>(context.TenantCaller().Tenant!);
}
