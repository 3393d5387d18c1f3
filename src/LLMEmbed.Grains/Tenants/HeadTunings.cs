using LLMEmbed.Core.Heads;
using LLMEmbed.Grains.Abstractions.Tenants;

namespace LLMEmbed.Grains.Tenants;

/// <summary>What a trained head records about its regularisation, as the tenant's head versions show it.</summary>
internal static class HeadTunings
{
    public static HeadTuning Of(Head head) =>
        new(head.Training.L2, head.Training.Dropout, head.Training.CvAccuracy, head.Training.Selection);
}
