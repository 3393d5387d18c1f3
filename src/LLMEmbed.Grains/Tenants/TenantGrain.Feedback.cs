using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Tenants;
using LLMEmbed.Grains.Fusion;

using LimitExceededException = LLMEmbed.Grains.Abstractions.Errors.LimitExceededException;

namespace LLMEmbed.Grains.Tenants;

// Corrections that teach: a classified text becomes an example by its prediction id, without embedding it again.
public sealed partial class TenantGrain
{
    private readonly PredictionRetention _predictions;

    public async Task<FeedbackResult> Feedback(string predictionId, string? label, bool outOfScope)
    {
        var state = Existing();
        if (string.IsNullOrWhiteSpace(predictionId)) throw new InvalidRequestException("prediction_id is required.", "prediction_id");
        if (string.IsNullOrEmpty(label) != outOfScope)
            throw new InvalidRequestException("give either a label or out_of_scope, not both and not neither.", "label");
        var entry = _predictions.Find(predictionId) ?? throw new NotFoundException(
            $"Prediction '{predictionId}' is unknown or expired: tenant '{Tenant}' keeps its last {_predictions.Capacity} classifications for " +
            $"{_predictions.Window} while it stays active (a restart forgets them). Add the text with AddExamples instead.");
        if (entry.Answer is { } answered) return answered with { Repeated = true };
        var key = outOfScope ? SegmentLabelKeys.OutOfScope : LabelRules.ActiveIndex(state.Labels, label!, "label");
        if (state.Dimension != 0 && entry.Vector.Length != state.Dimension)
            throw new PreconditionFailedException($"Prediction '{predictionId}' has {entry.Vector.Length}-value features; the tenant stores {state.Dimension}.");
        if (state.Examples + 1 > state.RequiredSettings.Limits.MaxExamples)
            throw new LimitExceededException($"The tenant holds its limit of {state.RequiredSettings.Limits.MaxExamples} examples (MaxExamples).", nameof(TenantLimits.MaxExamples));

        var texts = state.RequiredSettings.KeepTexts ? new[] { entry.Text } : null;
        var next = await _appender.AppendAsync(state, entry.Vector.Length, entry.Vector, [key], texts, ExampleSource.Feedback);
        await Commit(next with { ExampleWindows = Math.Max(state.ExampleWindows, state.Examples) + entry.Windows });
        await _appender.AcknowledgedAsync();
        var id = SegmentLabelKeys.ExampleId(next.SegmentCounts.Length - 1, next.SegmentCounts[^1] - 1);
        var result = new FeedbackResult(id, false, entry.PredictedLabel, outOfScope ? "" : state.Labels[key].Name, outOfScope);
        _predictions.Answer(predictionId, result);
        return result;
    }

    /// <summary>Keeps each answered text's vector for Feedback and gives its result the prediction id.</summary>
    private ClassifyResult[] Retain(string[] texts, FusedVectors fused, ClassifyResult[] results)
    {
        if (_predictions.Capacity == 0) return results;
        return results.Select((r, i) => r with { PredictionId = _predictions.Keep(fused.Row(i).ToArray(), texts[i], fused.Windows[i], r.Label, r.HeadVersion) }).ToArray();
    }
}
