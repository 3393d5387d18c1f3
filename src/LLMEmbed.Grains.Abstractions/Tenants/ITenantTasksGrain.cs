using Orleans.Concurrency;

namespace LLMEmbed.Grains.Abstractions.Tenants;

/// <summary>A tenant's named tasks: several classifiers over the same stored rows and one embedding pass.</summary>
[Alias("llmembed.tenant.ITenantTasksGrain")]
public interface ITenantTasksGrain : IGrainWithStringKey
{
    /// <summary>A new task (name: letters, digits, '-', '_', '.'; 1..64); AlreadyExists when taken, LimitExceeded past Tenants:MaxTasks.</summary>
    [Alias("CreateTask")] Task<TaskInfo> CreateTask(string task, TaskKind kind, string[] labels);
    /// <summary>Every task, the default one first.</summary>
    [AlwaysInterleave, Alias("ListTasks")] Task<TaskInfo[]> ListTasks();
    /// <summary>Removes a named task with its heads (the default task cannot be deleted).</summary>
    [Alias("DeleteTask")] Task DeleteTask(string task);
}
