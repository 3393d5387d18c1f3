using LLMEmbed.Grains.Abstractions.Backbones;
using LLMEmbed.Grains.Abstractions.Tenants;
using Api = LLMEmbed.Protos.V1;

namespace LLMEmbed.Gateway.Services;

/// <summary>Grain contracts to public messages and back; no logic beyond renaming.</summary>
internal static class ProtoMapping
{
    public static Api.Label ToProto(this LabelInfo label) => new() { Name = label.Name, Retired = label.Retired, Examples = label.Examples, Description = label.Description ?? "" };

    public static Api.LabelsResponse ToProto(this IEnumerable<LabelInfo> labels) => new() { Labels = { labels.Select(ToProto) } };

    public static Api.TenantSummary ToSummary(this TenantInfo info) => new()
    {
        Tenant = info.Tenant,
        Recipe = info.Recipe,
        Labels = info.Labels,
        Examples = info.Examples,
        ActiveHeadVersion = info.ActiveHeadVersion,
        CreatedUnixMs = info.Created.ToUnixTimeMilliseconds(),
        LongText = (info.LongText ?? LongTextSettings.Default).ModeName,
        ChunkOverlap = (info.LongText ?? LongTextSettings.Default).Overlap,
        MaxWindows = (info.LongText ?? LongTextSettings.Default).MaxWindows,
        WindowsPerExample = info.WindowsPerExample,
        TextsPerCall = info.TextsPerGrainCall,
        Abstain = (info.Scope ?? ScopeSettings.Default).Abstain,
        ScopeTargetCoverage = (info.Scope ?? ScopeSettings.Default).TargetCoverage,
        ScopeThreshold = info.Scope?.Threshold ?? 0,
        Feedback = info.Feedback,
        ZeroShotBelow = info.ZeroShotBelow,
        Tasks = info.Tasks,
    };

    /// <summary>A request's task field: empty = the default task, which the grain methods take as null.</summary>
    public static string? TaskOrNull(this string task) => string.IsNullOrEmpty(task) ? null : task;

    public static TaskKind FromProto(this Api.TaskKind kind) => kind switch
    {
        Api.TaskKind.SingleLabel => TaskKind.SingleLabel,
        Api.TaskKind.MultiLabel => TaskKind.MultiLabel,
        _ => throw new Grains.Abstractions.Errors.InvalidRequestException($"kind {(int)kind} is not a known task kind; use TASK_KIND_SINGLE_LABEL or TASK_KIND_MULTI_LABEL.", "kind"),
    };

    public static TaskLabel[] FromProto(this IEnumerable<Api.TaskLabel> tasks) => tasks.Select(t => new TaskLabel(t.Task, t.Labels.ToArray())).ToArray();

    public static Api.TaskKind ToProto(this TaskKind kind) => kind == TaskKind.MultiLabel ? Api.TaskKind.MultiLabel : Api.TaskKind.SingleLabel;

    public static Api.TaskSummary ToProto(this TaskInfo task) => new()
    {
        Task = task.Name,
        Kind = task.Kind.ToProto(),
        Labels = task.Labels,
        Examples = task.Examples,
        ActiveHeadVersion = task.ActiveHeadVersion,
        CreatedUnixMs = task.Created.ToUnixTimeMilliseconds(),
    };

    public static TrainingMode FromProto(this Api.TrainMode mode) => mode switch
    {
        Api.TrainMode.Full => TrainingMode.Full,
        Api.TrainMode.Incremental => TrainingMode.Incremental,
        _ => throw new Grains.Abstractions.Errors.InvalidRequestException($"mode {(int)mode} is not a known train mode.", "mode"),
    };

    public static HeadKindContract FromProto(this Api.HeadKind kind) => kind switch
    {
        Api.HeadKind.Logreg => HeadKindContract.LogReg,
        Api.HeadKind.Mlp => HeadKindContract.Mlp,
        _ => throw new Grains.Abstractions.Errors.InvalidRequestException($"head {(int)kind} is not a known head kind.", "head"),
    };

    public static Api.TrainMode ToProto(this TrainingMode mode) => mode == TrainingMode.Incremental ? Api.TrainMode.Incremental : Api.TrainMode.Full;
    public static Api.HeadKind ToProto(this HeadKindContract kind) => kind == HeadKindContract.Mlp ? Api.HeadKind.Mlp : Api.HeadKind.Logreg;

    public static Api.Metrics? ToProto(this HoldoutMetrics? metrics) => metrics is null ? null : new Api.Metrics
    {
        Accuracy = metrics.Accuracy,
        MacroF1 = metrics.MacroF1,
        HoldoutSize = metrics.HoldoutSize,
        Labels = { metrics.Labels },
        Confusion = { metrics.Confusion },
        MicroF1 = metrics.MicroF1,
        ExactMatch = metrics.ExactMatch,
        PerLabel = { (metrics.PerLabel ?? []).Select(l => new Api.LabelMetrics
        {
            Label = l.Label, Precision = l.Precision, Recall = l.Recall, F1 = l.F1, Support = l.Support, Threshold = l.Threshold,
        }) },
    };

    public static Api.Job ToProto(this TrainingJobInfo job) => new()
    {
        JobId = job.JobId,
        State = job.State switch
        {
            JobState.Queued => Api.JobState.Queued,
            JobState.Running => Api.JobState.Running,
            JobState.Succeeded => Api.JobState.Succeeded,
            JobState.Failed => Api.JobState.Failed,
            JobState.Cancelled => Api.JobState.Cancelled,
            _ => Api.JobState.Unspecified,
        },
        Progress = job.Progress,
        Message = job.Message ?? "",
        Mode = job.Mode.ToProto(),
        HeadVersion = job.HeadVersion,
        Promoted = job.Promoted,
        Metrics = job.Metrics.ToProto(),
        StartedUnixMs = job.Started.ToUnixTimeMilliseconds(),
        FinishedUnixMs = job.Finished?.ToUnixTimeMilliseconds() ?? 0,
        Task = job.Task ?? "",
    };

    public static Api.HeadVersion ToProto(this HeadVersionInfo head) => new()
    {
        Version = head.Version,
        Kind = head.Kind.ToProto(),
        Active = head.Active,
        Metrics = head.Metrics.ToProto(),
        CreatedUnixMs = head.Created.ToUnixTimeMilliseconds(),
        Examples = head.Examples,
        Mode = head.Mode.ToProto(),
        L2 = Finite(head.Tuning?.L2),
        Dropout = Finite(head.Tuning?.Dropout),
        CvAccuracy = Finite(head.Tuning?.CvAccuracy),
        Selection = head.Tuning?.Selection ?? "",
        Temperature = Finite(head.Calibration?.Temperature),
        EceBefore = Finite(head.Calibration?.EceBefore),
        EceAfter = Finite(head.Calibration?.EceAfter),
        ScopeThreshold = Finite(head.Scope?.Threshold),
        ScopeTargetCoverage = Finite(head.Scope?.TargetCoverage),
        ScopeCoverage = Finite(head.Scope?.Coverage),
        ScopeRows = head.Scope?.ReferenceRows ?? 0,
        Task = head.Task ?? "",
    };

    /// <summary>NaN (not recorded) travels as 0, so JSON clients never see a "NaN" string.</summary>
    private static double Finite(double? value) => value is { } v && double.IsFinite(v) ? v : 0;

    public static Api.Classification ToProto(this ClassifyResult result) => new()
    {
        Label = result.Label,
        Probabilities = { result.Probabilities.Select(p => new Api.LabelProbability { Label = p.Label, Probability = p.Probability }) },
        HeadVersion = result.HeadVersion,
        Truncated = result.Truncated,
        Windows = result.Windows,
        LabelsNotInHead = { result.LabelsNotInHead ?? [] },
        Abstained = result.Abstained,
        PredictionId = result.PredictionId ?? "",
        ScopeScore = result.ScopeScore,
        Source = result.Source.ToProto(),
        Task = result.Task ?? "",
        Labels = { result.Chosen ?? [] },
    };

    /// <summary>The wire names of <see cref="ClassifySource"/>.</summary>
    public static string ToProto(this ClassifySource source) => source == ClassifySource.ZeroShot ? "zero_shot" : "head";
}
