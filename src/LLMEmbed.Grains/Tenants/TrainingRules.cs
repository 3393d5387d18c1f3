using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Tenants;

namespace LLMEmbed.Grains.Tenants;

/// <summary>Whether a training run may start now; each refusal says what is missing.</summary>
public static class TrainingRules
{
    public static void CheckCanStart(TenantState state, TrainingRequest? request, int minExamplesPerLabel)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (request is null) throw new InvalidRequestException("request is required.", "request");
        if (!Enum.IsDefined(request.Mode)) throw new InvalidRequestException($"request.mode {(int)request.Mode} is unknown.", "request.mode");
        if (!Enum.IsDefined(request.Head)) throw new InvalidRequestException($"request.head {(int)request.Head} is unknown.", "request.head");
        if (state.Jobs.FirstOrDefault(j => j.State is JobState.Running or JobState.Queued) is { } running)
            throw new PreconditionFailedException($"Training job {running.JobId} is still running; wait for it to finish.");
        var active = state.Labels.Where(l => !l.Retired).ToArray();
        if (active.Length < 2)
            throw new PreconditionFailedException($"Training needs at least 2 labels that are not retired; the tenant has {active.Length}.");
        var lacking = active.Where(l => l.Examples < minExamplesPerLabel).ToArray();
        if (lacking.Length > 0)
            throw new PreconditionFailedException(
                $"Each label needs at least {minExamplesPerLabel} examples; these lack them: {string.Join(", ", lacking.Select(l => $"'{l.Name}' ({l.Examples})"))}.");
    }
}
