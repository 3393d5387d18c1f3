namespace LLMEmbed.Core.Heads.MultiLabel;

/// <summary>Parallel.For over labels that surfaces cancellation as <see cref="OperationCanceledException"/>, not an aggregate.</summary>
internal static class ParallelLabels
{
    public static void For(int count, int maxDegreeOfParallelism, CancellationToken ct, Action<int> body)
    {
        try
        {
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism, CancellationToken = ct }, body);
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is OperationCanceledException))
        {
            throw ex.InnerExceptions[0];
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count == 1)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerExceptions[0]).Throw();
        }
    }
}
