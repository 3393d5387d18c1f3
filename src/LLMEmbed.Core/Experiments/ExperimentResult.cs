using LLMEmbed.Core.Evaluation;
using LLMEmbed.Core.Heads;

namespace LLMEmbed.Core.Experiments;

/// <summary>
/// One recipe + head evaluated on one split, with the time each stage took, how the head was tuned
/// (<paramref name="Training"/>) and the backbone windows each text cost (1 when truncating).
/// </summary>
public sealed record ExperimentResult(
    string Dataset,
    string Features,
    string RecipeDescription,
    int FeatureDim,
    HeadKind Head,
    int TrainSize,
    int TestSize,
    ClassificationReport Report,
    double SecondsEmbed,
    double SecondsTrain,
    double SecondsPredict,
    int Epochs,
    HeadTrainingInfo Training,
    string LongText,
    double WindowsPerText);
