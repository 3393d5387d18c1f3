using System.Globalization;
using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Tenants;

namespace LLMEmbed.Grains.Tenants;

/// <summary>Whether a training run may start now; each refusal says what is missing.</summary>
public static class TrainingRules
{
    public static void CheckCanStart(TenantState state, TrainingRequest? request, int minExamplesPerLabel)
    {
        ArgumentNullException.ThrowIfNull(state);
        CheckCanStart(state, TenantTasks.Default(state), request, minExamplesPerLabel);
    }

    /// <summary>
    /// One run per tenant at a time (whatever its task). A single-label task needs two active labels with
    /// <paramref name="minExamplesPerLabel"/> examples each; a multi-label one a logistic head and an active label with
    /// that many rows carrying it and as many without it (rarer labels train too, on what there is).
    /// </summary>
    internal static void CheckCanStart(TenantState state, TaskRecord task, TrainingRequest? request, int minExamplesPerLabel)
    {
        if (request is null) throw new InvalidRequestException("request is required.", "request");
        if (!Enum.IsDefined(request.Mode)) throw new InvalidRequestException($"request.mode {(int)request.Mode} is unknown.", "request.mode");
        if (!Enum.IsDefined(request.Head)) throw new InvalidRequestException($"request.head {(int)request.Head} is unknown.", "request.head");
        if (state.Jobs.FirstOrDefault(j => j.State is JobState.Running or JobState.Queued) is { } running)
            throw new PreconditionFailedException($"Training job {running.JobId} is still running; wait for it to finish.");
        var active = task.Labels.Where(l => !l.Retired).ToArray();
        if (task.Kind == TaskKind.MultiLabel)
        {
            if (request.Head != HeadKindContract.LogReg)
                throw new InvalidRequestException($"request.head: task '{task.Name}' is multi-label and trains one-vs-rest logistic heads (LOGREG).", "request.head");
            if (!active.Any(l => l.Examples >= minExamplesPerLabel && task.Examples - l.Examples >= minExamplesPerLabel))
                throw new PreconditionFailedException(
                    $"Task '{task.Name}' needs an active label carried by at least {minExamplesPerLabel} of its {task.Examples} labelled rows and missing from as many.");
            return;
        }
        if (active.Length < 2)
            throw new PreconditionFailedException($"Training needs at least 2 labels that are not retired; task '{task.Name}' has {active.Length}.");
        var lacking = active.Where(l => l.Examples < minExamplesPerLabel).ToArray();
        if (lacking.Length > 0)
            throw new PreconditionFailedException(
                $"Each label needs at least {minExamplesPerLabel} examples; these lack them: {string.Join(", ", lacking.Select(l => $"'{l.Name}' ({l.Examples})"))}.");
    }

    /// <summary>
    /// Refuses a run whose feature matrix (the task's labelled rows x the stored width x 4 bytes) would exceed
    /// <paramref name="maxFeatureBytes"/>, before it queues: a size that does not pass with time, so no retry-after.
    /// </summary>
    internal static void CheckFits(TaskRecord task, int dimension, long maxFeatureBytes)
    {
        var bytes = task.Examples * Math.Max(dimension, 1) * (long)sizeof(float);
        if (bytes <= maxFeatureBytes) return;
        var fits = maxFeatureBytes / (Math.Max(dimension, 1) * (long)sizeof(float));
        throw new Abstractions.Errors.LimitExceededException(string.Create(CultureInfo.InvariantCulture,
            $"Training task '{task.Name}' would load {task.Examples:N0} rows x {dimension} floats = {bytes / 1048576.0:N0} MiB, over this cluster's " +
            $"Training:MaxFeatureBytes ({maxFeatureBytes / 1048576.0:N0} MiB, {fits:N0} rows at this width); delete or unlabel rows, or ask the operator to raise it."),
            "training_memory");
    }
}
