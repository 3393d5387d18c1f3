namespace LLMEmbed.Core.Heads;

/// <summary>Architecture of a classifier head over fused features.</summary>
public enum HeadKind
{
    /// <summary>Multinomial logistic regression: one linear layer + softmax.</summary>
    LogReg,

    /// <summary>Multi-layer perceptron: ReLU hidden layers with dropout, linear output + softmax.</summary>
    Mlp,
}
