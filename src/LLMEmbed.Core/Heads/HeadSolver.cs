namespace LLMEmbed.Core.Heads;

/// <summary>How a head's weights are optimised.</summary>
public enum HeadSolver
{
    /// <summary>Mini-batch Adam with early stopping on the validation split.</summary>
    Adam,

    /// <summary>Full-batch L-BFGS to the optimum of the convex softmax-regression objective.</summary>
    Lbfgs,
}
