using LLMEmbed.Grains.Abstractions.Errors;
using System.Runtime.InteropServices;
using LLMEmbed.Grains.Fusion;
using LLMEmbed.Grains.Abstractions.Tenants;

using LimitExceededException = LLMEmbed.Grains.Abstractions.Errors.LimitExceededException;

namespace LLMEmbed.Grains.Tenants;

// Inference, and the one way this grain reaches the backbones.
public sealed partial class TenantGrain
{
    public async Task<ClassifyResult[]> Classify(string[] texts, int topK, bool truncate, CancellationToken cancellationToken = default)
    {
        var state = Existing();
        var zeroShot = ZeroShotApplies(state);
        if (!zeroShot && _active is null) throw new PreconditionFailedException($"Tenant '{Tenant}' has no active head; train first.");
        if (topK < 0) throw new InvalidRequestException($"topK must not be negative, got {topK}.", "topK");
        CheckWork(state, texts.Length);
        var fused = await FuseAsync(texts, truncate, cancellationToken, zeroShot);
        return AnswerDefault(state, texts, fused, topK, zeroShot);
    }

    /// <summary>The default task's answers (zero-shot until its described labels have examples), kept for Feedback.</summary>
    private ClassifyResult[] AnswerDefault(TenantState state, string[] texts, FusedVectors fused, int topK, bool zeroShot)
    {
        if (zeroShot) return ZeroShotAnswers(state, texts, fused, topK);
        var active = _active ?? throw new PreconditionFailedException($"Tenant '{Tenant}' has no active head; train first.");
        var probabilities = active.Head.PredictProbabilities(fused.Values, fused.Count);
        active.Guard?.Calibrate(probabilities, active.Head.ClassCount);
        var ranked = LabelRanking.Rank(active.ClassLabels, state.Labels, probabilities, topK, active.Version, fused.Truncated);
        var guarded = Abstention.Apply(ranked, active.Guard, fused, state.RequiredSettings.ScopeOrDefault);
        var missing = active.LabelsNotInHead(state.Labels);
        return Retain(texts, fused, guarded.Select((r, i) => r with { Windows = fused.Windows[i], LabelsNotInHead = missing }).ToArray());
    }

    public async Task<byte[][]> Embed(string[] texts, bool truncate, CancellationToken cancellationToken = default)
    {
        CheckWork(Existing(), texts.Length);
        var fused = await FuseAsync(texts, truncate, cancellationToken);
        return Enumerable.Range(0, fused.Count).Select(r => MemoryMarshal.AsBytes(fused.Row(r)).ToArray()).ToArray();
    }

    /// <summary>
    /// Every fusion call of this grain goes through here: this silo's fusion grain (a local stateless
    /// worker; the request and the float reply are immutable, so passed by reference). At most
    /// <see cref="TenantInfo.TextsPerGrainCall"/> texts. Cancelling drops the texts the backbones have not run yet.
    /// Cached vectors are this tenant's own (its name and creation time: a tenant re-created under the name starts empty).
    /// </summary>
    private Task<FusedVectors> FuseAsync(string[] texts, bool truncate, CancellationToken ct, bool zeroShot = false)
    {
        var state = Existing();
        var settings = state.RequiredSettings;
        var scope = $"{Tenant}@{state.Created.UtcTicks}";
        return GrainFactory.GetGrain<IFusionGrain>(0).Fuse(new FusionRequest(settings.Recipe, settings.LongTextOrDefault, texts, truncate, zeroShot, scope), ct);
    }

    /// <summary>The per-call model-work bound (<see cref="TenantInfo.TextsPerGrainCall"/>): callers split larger requests.</summary>
    private void CheckWork(TenantState state, int texts)
    {
        var bound = Info(state).TextsPerGrainCall;
        if (texts < 1) throw new InvalidRequestException("texts: at least one text is required.", "texts");
        if (texts > bound)
            throw new LimitExceededException(
                $"{texts} texts exceed the {bound} one call may carry under recipe '{state.RequiredSettings.Recipe}' with long_text {state.RequiredSettings.LongTextOrDefault.ModeName} (Tenants:TokenPassesPerCall); split the request.",
                nameof(TenantInfo.TextsPerGrainCall));
    }
}
