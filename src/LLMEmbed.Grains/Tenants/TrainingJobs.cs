using LLMEmbed.Grains.Abstractions.Tenants;

namespace LLMEmbed.Grains.Tenants;

/// <summary>The tenant's job history: a bounded list, newest last, whose entries change state in place.</summary>
internal static class TrainingJobs
{
    /// <summary>The history with <paramref name="job"/> appended, keeping at most <paramref name="keep"/> jobs.</summary>
    public static TrainingJobInfo[] Add(TrainingJobInfo[] jobs, TrainingJobInfo job, int keep) => [.. jobs.TakeLast(keep - 1), job];

    /// <summary>The history with the job of the same id replaced by <paramref name="job"/>.</summary>
    public static TrainingJobInfo[] Replace(TrainingJobInfo[] jobs, TrainingJobInfo job) =>
        jobs.Select(j => j.JobId == job.JobId ? job : j).ToArray();
}
