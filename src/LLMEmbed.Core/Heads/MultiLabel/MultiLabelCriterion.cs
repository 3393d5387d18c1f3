namespace LLMEmbed.Core.Heads.MultiLabel;

/// <summary>How cross-validation picks each label's C.</summary>
public enum MultiLabelCriterion
{
    /// <summary>Lowest mean held-out log-loss (ties: stronger regularisation). Smooth even for rare labels.</summary>
    LogLoss = 0,

    /// <summary>
    /// Highest mean held-out accuracy at probability 0.5 (ties: lower log-loss, then stronger regularisation),
    /// as scikit-learn's LogisticRegressionCV scores by default.
    /// </summary>
    Accuracy = 1,
}
