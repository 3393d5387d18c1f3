using Orleans.Concurrency;

namespace LLMEmbed.Grains.Abstractions.Tenants;

/// <summary>A tenant's stored examples: bounded import chunks, stored in stream order.</summary>
[Alias("llmembed.tenant.ITenantExamplesGrain")]
public interface ITenantExamplesGrain : IGrainWithStringKey
{
    /// <summary>
    /// Checks the chunk's labels (an unknown or retired one fails the call before any model work),
    /// featurizes its rows and queues them in its stream; the stream's rows are stored in chunk order,
    /// through each <see cref="ImportChunk.Commit"/> chunk once every chunk before it is featurized.
    /// The reply counts the rows this call stored (0 while they wait). A chunk that fails stops the
    /// stream there: no later chunk is stored. A refusal by overloaded backbones
    /// (<c>BackboneOverloadedGrainException</c>) queues nothing and leaves the stream open: send the chunk again.
    /// </summary>
    [AlwaysInterleave, Alias("ImportRows")] Task<AddExamplesResult> ImportRows(ImportChunk chunk, CancellationToken cancellationToken = default);
    /// <summary>
    /// Ends an import stream: with <paramref name="store"/>, stores its queued rows that follow the
    /// stored ones without a gap (one write); the rest are dropped. Call it once no chunk of the stream is in flight.
    /// </summary>
    [Alias("EndImport")] Task<AddExamplesResult> EndImport(string stream, bool store);
    [AlwaysInterleave, Alias("GetImport")] Task<ImportProgress> GetImport(string importId);
    [AlwaysInterleave, Alias("CountExamples")] Task<ExampleCounts> CountExamples(string? task = null);
    /// <summary>Stored rows in id order (deleted ones never), at most <see cref="ExampleQuery.PageSize"/> (1..500).</summary>
    [AlwaysInterleave, Alias("ListExamples")] Task<ExamplePage> ListExamples(ExampleQuery query);
    /// <summary>Gives a stored row an active label (no re-embedding); an unlabelled row becomes source Suggestion. Unknown id: NotFound.</summary>
    [Alias("RelabelExample")] Task<StoredExample> RelabelExample(long id, string label);
    /// <summary>Marks rows deleted (by id, or all of <paramref name="importId"/>); returns how many were. Unknown id: NotFound, nothing deleted.</summary>
    [Alias("DeleteExamples")] Task<long> DeleteExamples(long[] ids, string? importId);
    /// <summary>
    /// Stores a kept classification's vector as one example labelled <paramref name="label"/> (or out of scope when
    /// <paramref name="outOfScope"/>), source Feedback, without re-embedding. A repeat with the same id stores nothing
    /// and returns the first result (Repeated set); an unknown or expired id is NotFound.
    /// </summary>
    [Alias("Feedback")] Task<FeedbackResult> Feedback(string predictionId, string? label, bool outOfScope);
    /// The stored unlabelled rows most worth labelling (<paramref name="count"/> 1..100): the active head's uncertainty
    /// with a diversity bound, or spread over the space before any head exists. No unlabelled rows: an empty list.
    /// </summary>
    [AlwaysInterleave, Alias("Suggest")] Task<SuggestionList> Suggest(int count, CancellationToken cancellationToken = default);
}
