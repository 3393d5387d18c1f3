using LLMEmbed.Grains.Training;

namespace LLMEmbed.Grains.Tenants;

/// <summary>One training run of an activation: its slot ticket, the token that stops it, and its progress (0..1).</summary>
internal sealed class TrainingRun(TrainingTicket ticket)
{
    public TrainingTicket Ticket { get; } = ticket;
    public CancellationTokenSource Cancel { get; } = new();
    public double Progress { get; set; }

    /// <summary>
    /// Cancels the run: a queued one stops waiting and leaves the queue, a running one stops at its next check; either
    /// way the run's own task then disposes the ticket, so a slot is never freed while its run still trains.
    /// </summary>
    public void Stop() => Cancel.Cancel();
}
