using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Tenants;
using LLMEmbed.Grains.Fusion;

namespace LLMEmbed.Grains.Tenants;

// Several tasks answered from one fusion of each text: the backbones run once whatever the number of tasks.
public sealed partial class TenantGrain
{
    public async Task<ClassifyResult[][]> ClassifyTasks(string[] texts, string[] tasks, int topK, bool truncate, CancellationToken cancellationToken = default)
    {
        var state = Existing();
        var resolved = TenantTasks.Resolve(state, tasks);
        if (topK < 0) throw new InvalidRequestException($"topK must not be negative, got {topK}.", "topK");
        var zeroShot = resolved.Any(t => t.IsDefault) && ZeroShotApplies(state);
        bool Answerable(TaskRecord t) => t.IsDefault ? zeroShot || _active is not null : _taskHeads.ContainsKey(t.Key);
        // "*" is every task that can answer: a task created but not trained yet must not break callers asking for all.
        if (tasks is [TaskNames.All]) resolved = [.. resolved.Where(Answerable)];
        if (resolved.Length == 0) throw new PreconditionFailedException($"no task of tenant '{Tenant}' has an active head; train one first.");
        foreach (var task in resolved.Where(t => !Answerable(t)))
            throw new PreconditionFailedException($"task '{task.Name}' of tenant '{Tenant}' has no active head; train it first.");
        CheckWork(state, texts.Length);
        var fused = await FuseAsync(texts, truncate, cancellationToken, zeroShot);
        // Labels and heads as they are now: a head promoted while the backbones ran answers.
        var now = Existing();
        var answers = resolved.Select(t => Answer(now, TenantTasks.ByKey(now, t.Key) ?? t, texts, fused, topK, zeroShot)).ToArray();
        return Enumerable.Range(0, fused.Count).Select(i => answers.Select(a => a[i]).ToArray()).ToArray();
    }

    private ClassifyResult[] Answer(TenantState state, TaskRecord task, string[] texts, FusedVectors fused, int topK, bool zeroShot)
    {
        if (task.IsDefault) return AnswerDefault(state, texts, fused, topK, zeroShot).Select(r => r with { Task = task.Name }).ToArray();
        var head = _taskHeads.GetValueOrDefault(task.Key)
            ?? throw new PreconditionFailedException($"task '{task.Name}' of tenant '{Tenant}' has no active head; train it first.");
        if (head.Multi is { } multi)
        {
            var probabilities = multi.Head.PredictProbabilities(fused.Values, fused.Count);
            return MultiLabelAnswers.Answer(multi.Version, multi.Head, multi.ClassLabels, task.Labels, probabilities, topK, fused, task.Name);
        }
        var single = head.Single!;
        var scores = single.Head.PredictProbabilities(fused.Values, fused.Count);
        single.Guard?.Calibrate(scores, single.Head.ClassCount);
        var ranked = LabelRanking.Rank(single.ClassLabels, task.Labels, scores, topK, single.Version, fused.Truncated);
        var guarded = Abstention.Apply(ranked, single.Guard, fused, state.RequiredSettings.ScopeOrDefault);
        var missing = single.LabelsNotInHead(task.Labels);
        return guarded.Select((r, i) => r with { Windows = fused.Windows[i], LabelsNotInHead = missing, Task = task.Name }).ToArray();
    }
}
